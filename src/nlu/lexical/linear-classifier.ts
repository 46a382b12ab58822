// The project's own lexical intent classifier: TF-IDF word + character n-grams into a multinomial logistic
// regression, with a fitted softmax temperature and an out-of-scope threshold carried in the model itself.
// Serialises to a compact JSON document (float32 weights and idf as base64, min-df-pruned vocabulary) that can be
// committed as a model file and restored without retraining.
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import { decideRanking, type IntentDecision } from '../out-of-scope.js';
import type { IntentClassifier, IntentRanking, LabelledText } from '../types.js';
import { base64ToFloat32, float32ToBase64 } from './float-codec.js';
import { DEFAULT_SOFTMAX_OPTIONS, linearScores, trainSoftmax, type LinearModel, type SoftmaxOptions } from './softmax-regression.js';
import type { SparseVector } from './sparse-vector.js';
import { DEFAULT_TFIDF_OPTIONS, TfidfFeaturizer, tfidfJsonSchema, tfidfOptionsSchema, type TfidfOptions } from './tfidf-features.js';

export const lexicalCalibrationSchema = z.object({
  /** Softmax temperature fitted on held-out logits (1 = raw). */
  temperature: z.number().positive(),
  /** Answer when the top confidence is >= threshold; 0 = never reject on confidence. */
  threshold: z.number().min(0),
  /** The objective the threshold was chosen for, in words (see calibration.ts THRESHOLD_OBJECTIVES). */
  thresholdObjective: z.string(),
  /** The class that means "out of scope" when the model was trained with one; predicting it is a rejection. */
  oosLabel: z.string().nullable(),
});

export type LexicalCalibration = z.infer<typeof lexicalCalibrationSchema>;

export const UNCALIBRATED: LexicalCalibration = { temperature: 1, threshold: 0, thresholdObjective: 'none (uncalibrated)', oosLabel: null };

const softmaxOptionsSchema = z.object({
  epochs: z.number().int().min(1),
  learningRate: z.number().positive(),
  finalLearningRateRatio: z.number().min(0),
  l2: z.number().min(0),
  classBalanced: z.boolean(),
  averageFrom: z.number().min(0).max(1),
  sparsifyBelow: z.number().min(0),
  seed: z.number().int(),
});

export const lexicalModelJsonSchema = z.object({
  type: z.literal('tfidf-softmax'),
  formatVersion: z.literal(1),
  intents: z.array(z.string()).min(1),
  features: tfidfJsonSchema,
  softmax: softmaxOptionsSchema,
  /** dimension × intents float32, feature-major, base64. */
  weights: z.string(),
  bias: z.string(),
  calibration: lexicalCalibrationSchema,
  /** How the hyper-parameters, temperature and threshold were chosen (free-form figures for people). */
  provenance: z.record(z.string(), z.json()),
});

export type LexicalModelJson = z.infer<typeof lexicalModelJsonSchema>;
export type LexicalProvenance = LexicalModelJson['provenance'];

/** Any JSON-serialisable record (a tuning report, say) as provenance; throws if it holds non-JSON values. */
export function toProvenanceValue(value: unknown): LexicalProvenance[string] {
  return z.json().parse(JSON.parse(JSON.stringify(value)));
}

export interface LexicalTrainOptions {
  features: TfidfOptions;
  softmax: SoftmaxOptions;
}

export const DEFAULT_LEXICAL_OPTIONS: LexicalTrainOptions = { features: DEFAULT_TFIDF_OPTIONS, softmax: DEFAULT_SOFTMAX_OPTIONS };

/** Training rows featurised once, so several models (a hyper-parameter grid) can be fitted on them. */
export interface LexicalTrainingSet {
  intents: string[];
  featurizer: TfidfFeaturizer;
  x: SparseVector[];
  y: Int32Array;
}

/** Fits the featuriser and featurises the rows; intents in sorted order, an out-of-scope label is one more class. */
export function prepareTrainingSet(rows: readonly LabelledText[], features: TfidfOptions = DEFAULT_TFIDF_OPTIONS): LexicalTrainingSet {
  const intents = [...new Set(rows.map((r) => r.intent))].sort();
  if (intents.length === 0) throw new AppError('NLU_TRAINING_EMPTY', 'The lexical classifier needs at least one labelled example');
  const index = new Map(intents.map((c, i) => [c, i]));
  const { featurizer, vectors } = TfidfFeaturizer.fitTransform(rows.map((r) => r.text), features);
  return { intents, featurizer, x: vectors, y: Int32Array.from(rows, (r) => index.get(r.intent)!) };
}

/** A decision: the intent to answer, or null when the message is rejected as out of scope. */
export type LexicalDecision = IntentDecision;

export class LexicalClassifier implements IntentClassifier {
  readonly name = 'lexical';

  private constructor(
    readonly intents: readonly string[],
    readonly featurizer: TfidfFeaturizer,
    readonly model: LinearModel,
    readonly options: Readonly<LexicalTrainOptions>,
    readonly calibration: Readonly<LexicalCalibration>,
    readonly provenance: Readonly<LexicalProvenance> = {},
  ) {}

  /** Trains on labelled rows (intents in sorted order); an out-of-scope label, if present, is one more class. */
  static train(rows: readonly LabelledText[], options: Partial<LexicalTrainOptions> = {}): LexicalClassifier {
    const opts: LexicalTrainOptions = { ...DEFAULT_LEXICAL_OPTIONS, ...options };
    return LexicalClassifier.fit(prepareTrainingSet(rows, opts.features), opts.softmax);
  }

  /** Trains the linear model on an already featurised set (uncalibrated: temperature 1, no threshold). */
  static fit(set: LexicalTrainingSet, softmax: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS): LexicalClassifier {
    const model = trainSoftmax(set.x, set.y, set.intents.length, set.featurizer.dimension, softmax);
    return new LexicalClassifier(set.intents, set.featurizer, model, { features: set.featurizer.options, softmax }, UNCALIBRATED);
  }

  /** The same weights with another calibration and provenance (nothing is copied). */
  withCalibration(calibration: LexicalCalibration, provenance: LexicalProvenance = this.provenance): LexicalClassifier {
    return new LexicalClassifier(this.intents, this.featurizer, this.model, this.options, calibration, provenance);
  }

  /** Raw class scores W·x + b in `intents` order. */
  logits(text: string): Float64Array {
    return linearScores(this.model, this.featurizer.transform(text));
  }

  /** Temperature-scaled softmax, best first (ties by intent name, for a stable order). */
  rank(text: string): IntentRanking {
    const z = this.logits(text);
    const t = this.calibration.temperature;
    let max = -Infinity;
    for (let c = 0; c < z.length; c++) max = Math.max(max, z[c]! / t);
    let sum = 0;
    for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c]! / t - max);
    return this.intents
      .map((intent, c) => ({ intent, confidence: z[c]! / sum }))
      .sort((a, b) => b.confidence - a.confidence || (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));
  }

  async classify(text: string): Promise<IntentRanking> {
    return this.rank(text);
  }

  /** Ranks and applies the out-of-scope rules: the oos class on top, or a confidence under the threshold. */
  decide(text: string): LexicalDecision {
    return this.decideRanking(this.rank(text));
  }

  /** The out-of-scope rules applied to a ranking this classifier produced. */
  decideRanking(ranking: IntentRanking): LexicalDecision {
    return decideRanking(ranking, this.calibration);
  }

  toJSON(): LexicalModelJson {
    return {
      type: 'tfidf-softmax',
      formatVersion: 1,
      intents: [...this.intents],
      features: this.featurizer.toJSON(),
      softmax: { ...this.options.softmax },
      weights: float32ToBase64(this.model.weights),
      bias: float32ToBase64(this.model.bias),
      calibration: { ...this.calibration },
      provenance: { ...this.provenance },
    };
  }

  /** Restores a model written by toJSON(); throws AppError MODEL_INVALID on a malformed document. */
  static fromJSON(json: unknown): LexicalClassifier {
    const parsed = lexicalModelJsonSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('MODEL_INVALID', `Lexical model: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
    }
    const doc = parsed.data;
    try {
      const featurizer = TfidfFeaturizer.fromJSON(doc.features);
      const k = doc.intents.length;
      const weights = base64ToFloat32(doc.weights, featurizer.dimension * k);
      const bias = base64ToFloat32(doc.bias, k);
      const model: LinearModel = { numClasses: k, dimension: featurizer.dimension, weights, bias };
      const options = { features: tfidfOptionsSchema.parse(doc.features.options), softmax: doc.softmax };
      return new LexicalClassifier(doc.intents, featurizer, model, options, doc.calibration, doc.provenance);
    } catch (error) {
      throw new AppError('MODEL_INVALID', `Lexical model: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
