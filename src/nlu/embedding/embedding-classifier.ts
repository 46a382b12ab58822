// Intent classifier on sentence embeddings: a softmax-regression head (the lexical model's SGD trainer, fed the
// dense unit-length embeddings as rows with every index present) over any Encoder. Works with the tiny test model
// and with all-MiniLM-L6-v2 alike; how good it is depends only on the encoder.
import { AppError } from '../../app-error.js';
import { logSoftmaxInPlace } from '../ensemble/combine-weights.js';
import { DEFAULT_SOFTMAX_OPTIONS, linearScores, trainSoftmax, type LinearModel, type SoftmaxOptions } from '../lexical/softmax-regression.js';
import type { SparseVector } from '../lexical/sparse-vector.js';
import type { IntentClassifier, IntentRanking, LabelledText } from '../types.js';
import type { Encoder } from './encoder.js';

/** SGD settings for the head: dense unit vectors need more passes than sparse TF-IDF rows to settle. */
export const DEFAULT_EMBEDDING_HEAD_OPTIONS: SoftmaxOptions = { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 30, learningRate: 1, l2: 1e-5, sparsifyBelow: 0 };

function denseRow(v: Float32Array): SparseVector {
  return { indices: Int32Array.from({ length: v.length }, (_, i) => i), values: v };
}

export class EmbeddingClassifier implements IntentClassifier {
  readonly name = 'embedding';

  private constructor(
    readonly intents: readonly string[],
    private readonly encoder: Encoder,
    private readonly model: LinearModel,
  ) {}

  /** Embeds the rows once and fits the head; intents in sorted order (an out-of-scope label is one more class). */
  static async train(rows: readonly LabelledText[], encoder: Encoder, options: SoftmaxOptions = DEFAULT_EMBEDDING_HEAD_OPTIONS): Promise<EmbeddingClassifier> {
    const intents = [...new Set(rows.map((r) => r.intent))].sort();
    if (intents.length === 0) throw new AppError('NLU_TRAINING_EMPTY', 'The embedding classifier needs at least one labelled example');
    const index = new Map(intents.map((c, i) => [c, i]));
    const vectors = await encoder.embed(rows.map((r) => r.text));
    const model = trainSoftmax(vectors.map(denseRow), Int32Array.from(rows, (r) => index.get(r.intent)!), intents.length, encoder.dim, options);
    return new EmbeddingClassifier(intents, encoder, model);
  }

  /** Log-probabilities over `intents` for each text (one encoder call for all of them). */
  async logProbabilities(texts: string[]): Promise<Float64Array[]> {
    const vectors = await this.encoder.embed(texts);
    return vectors.map((v) => logSoftmaxInPlace(linearScores(this.model, denseRow(v))));
  }

  async classify(text: string): Promise<IntentRanking> {
    const [lp] = await this.logProbabilities([text]);
    return this.intents
      .map((intent, c) => ({ intent, confidence: Math.exp(lp![c]!) }))
      .sort((a, b) => b.confidence - a.confidence || (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));
  }
}
