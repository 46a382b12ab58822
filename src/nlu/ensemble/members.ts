// The ensemble's members behind one shape: log-probabilities over the member's own intents for a batch of texts.
// Each trainer fits a member on some rows (optionally tuning on held-out rows) and can refit the same settings on
// more rows. Members: the project's lexical model, its multinomial NB, natural's BayesClassifier (imported lazily,
// once: it costs ~0.7 s) and, when an encoder is given, the embedding classifier.
import { quietDotenvBanner } from '../../config/config.js';
import type { Encoder } from '../embedding/encoder.js';
import { EmbeddingClassifier } from '../embedding/embedding-classifier.js';
import { LexicalClassifier } from '../lexical/linear-classifier.js';
import { DEFAULT_SOFTMAX_OPTIONS } from '../lexical/softmax-regression.js';
import { trainTunedLexical } from '../lexical/train-lexical.js';
import { NaiveBayesClassifier } from '../naive-bayes-classifier.js';
import type { LabelledText } from '../types.js';
import { logSoftmaxInPlace } from './combine-weights.js';

export interface MemberModel {
  readonly name: string;
  readonly intents: readonly string[];
  /** Per text, log-probabilities over `intents` (finite, summing to 1 after exp). */
  logProbabilities(texts: string[]): Promise<Float64Array[]>;
}

export interface TrainedMember {
  model: MemberModel;
  /** The same settings trained again on (more) rows, e.g. train + held-out once the weights are learned. */
  refit(rows: readonly LabelledText[]): Promise<MemberModel>;
}

export interface MemberTrainer {
  readonly name: string;
  train(rows: readonly LabelledText[], validation: readonly LabelledText[]): Promise<TrainedMember>;
}

function wrap(name: string, intents: readonly string[], scores: (text: string) => ArrayLike<number>): MemberModel {
  return { name, intents, logProbabilities: async (texts) => texts.map((t) => logSoftmaxInPlace(Float64Array.from(scores(t)))) };
}

/** The lexical model; C is tuned on the held-out rows, the refit keeps C (the per-row L2 shrinks with more rows). */
export function lexicalTrainer(oosLabel: string): MemberTrainer {
  const model = (c: LexicalClassifier): MemberModel => wrap('lexical', c.intents, (t) => c.logits(t));
  return {
    name: 'lexical',
    async train(rows, validation) {
      const tuned = trainTunedLexical(rows, { oosLabel, validation });
      const refit = async (all: readonly LabelledText[]) =>
        model(LexicalClassifier.train(all, { softmax: { ...DEFAULT_SOFTMAX_OPTIONS, l2: 1 / (tuned.report.chosenC * all.length), epochs: tuned.report.epochs } }));
      return { model: model(tuned.classifier), refit };
    },
  };
}

/** The project's multinomial NB over stemmed word and character n-grams (raw log-joint scores). */
export const naiveBayesTrainer: MemberTrainer = {
  name: 'naive-bayes',
  async train(rows) {
    const fit = async (all: readonly LabelledText[]) => {
      const nb = NaiveBayesClassifier.train([...all], {}, [...new Set(all.map((r) => r.intent))].sort());
      return wrap('naive-bayes', nb.intents, (t) => nb.scores(t));
    };
    return { model: await fit(rows), refit: fit };
  },
};

interface NaturalBayes {
  addDocument(text: string, label: string): void;
  train(): void;
  getClassifications(text: string): { label: string; value: number }[];
}

let naturalBayes: Promise<new () => NaturalBayes> | undefined;

/** natural's BayesClassifier constructor, imported on first use only. */
export function loadNaturalBayes(): Promise<new () => NaturalBayes> {
  quietDotenvBanner();
  naturalBayes ??= import('natural').then((m) => (m.default as unknown as { BayesClassifier: new () => NaturalBayes }).BayesClassifier);
  return naturalBayes;
}

/** natural's BayesClassifier (the open-source baseline); its class values, which underflow to 0 on long texts, are floored. */
export const naturalBayesTrainer: MemberTrainer = {
  name: 'natural-bayes',
  async train(rows) {
    const Bayes = await loadNaturalBayes();
    const fit = async (all: readonly LabelledText[]) => {
      const classifier = new Bayes();
      for (const r of all) classifier.addDocument(r.text, r.intent);
      classifier.train();
      const intents = [...new Set(all.map((r) => r.intent))].sort();
      const index = new Map(intents.map((c, i) => [c, i]));
      return wrap('natural-bayes', intents, (t) => {
        const out = new Float64Array(intents.length).fill(Math.log(Number.MIN_VALUE));
        for (const { label, value } of classifier.getClassifications(t)) {
          const c = index.get(label);
          if (c !== undefined) out[c] = Math.log(Math.max(value, Number.MIN_VALUE));
        }
        return out;
      });
    };
    return { model: await fit(rows), refit: fit };
  },
};

/** The embedding classifier over the given encoder (a softmax head; see embedding-classifier.ts). */
export function embeddingTrainer(encoder: Encoder): MemberTrainer {
  const fit = async (all: readonly LabelledText[]): Promise<MemberModel> => {
    const c = await EmbeddingClassifier.train(all, encoder);
    return { name: 'embedding', intents: c.intents, logProbabilities: (texts) => c.logProbabilities(texts) };
  };
  return { name: 'embedding', train: async (rows) => ({ model: await fit(rows), refit: fit }) };
}
