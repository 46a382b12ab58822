// Multinomial Naive Bayes over stemmed word n-grams and character n-grams. Confidences are a softmax over the
// log-joint scores log P(c) + Σ log P(f|c), divided by a fitted temperature, so the ranking is a probability
// distribution over ALL intents. Priors are Laplace-smoothed document shares (d_c + 1) / (N + K). Trained counts serialise to JSON and load without
// retraining (and without importing the whole of natural, which would cost a second at start-up).
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { stemToken, textTokens } from './text-normalise.js';
import type { IntentClassifier, IntentRanking, LabelledText } from './types.js';

export interface NaiveBayesOptions {
  /** Additive (Laplace/Lidstone) smoothing of feature counts. */
  alpha: number;
  /** Word n-gram orders used, e.g. [1, 2]. */
  wordNgrams: number[];
  /** Character n-gram orders inside words (catch typos: "passwrod", "cancell"); [] turns them off. */
  charNgrams: number[];
  /**
   * Softmax temperature over the class log-joint scores. 1 is the textbook NB posterior, which is wildly
   * over-confident on overlapping features; training fits it by cross-validation (see train.ts).
   */
  temperature: number;
}

export const DEFAULT_NB_OPTIONS: NaiveBayesOptions = { alpha: 0.1, wordNgrams: [1, 2], charNgrams: [3, 4], temperature: 1 };

export const naiveBayesJsonSchema = z.object({
  type: z.literal('multinomial-naive-bayes'),
  formatVersion: z.literal(1),
  options: z.object({
    alpha: z.number().positive(),
    wordNgrams: z.array(z.number().int().min(1)),
    charNgrams: z.array(z.number().int().min(1)),
    temperature: z.number().positive(),
  }),
  intents: z.array(z.string()).min(1),
  /** Training documents per intent (same order as intents). */
  docCounts: z.array(z.number().int().nonnegative()),
  /** Feature → flat [intentIndex, count, intentIndex, count, …]; only non-zero counts are stored. */
  features: z.record(z.string(), z.array(z.number().int().nonnegative())),
});

export type NaiveBayesJson = z.infer<typeof naiveBayesJsonSchema>;

/** The distinct features of a text: stemmed word n-grams (w:) and character n-grams of each word (c:). */
export function featuresOf(text: string, options: Pick<NaiveBayesOptions, 'wordNgrams' | 'charNgrams'>): string[] {
  const tokens = textTokens(text).map(stemToken);
  const features = new Set<string>();
  for (const n of options.wordNgrams) {
    for (let i = 0; i + n <= tokens.length; i++) features.add(`w:${tokens.slice(i, i + n).join(' ')}`);
  }
  for (const n of options.charNgrams) {
    for (const token of tokens) {
      const padded = `<${token}>`;
      for (let i = 0; i + n <= padded.length; i++) features.add(`c:${padded.slice(i, i + n)}`);
    }
  }
  return [...features];
}

export class NaiveBayesClassifier implements IntentClassifier {
  readonly name = 'naive-bayes';
  readonly intents: readonly string[];
  readonly options: Readonly<NaiveBayesOptions>;
  private readonly docCounts: number[];
  private readonly counts: Map<string, number[]>;
  private readonly logPrior: Float64Array;
  private readonly logLikelihood = new Map<string, Float64Array>();
  private readonly logUnseen: Float64Array;

  private constructor(intents: string[], docCounts: number[], counts: Map<string, number[]>, options: NaiveBayesOptions) {
    this.intents = intents;
    this.docCounts = docCounts;
    this.counts = counts;
    this.options = options;
    const k = intents.length;
    const totals = new Float64Array(k);
    for (const pairs of counts.values()) for (let i = 0; i < pairs.length; i += 2) totals[pairs[i] ?? 0]! += pairs[i + 1] ?? 0;
    const vocabulary = counts.size;
    const docs = docCounts.reduce((a, b) => a + b, 0);
    this.logPrior = Float64Array.from(docCounts, (d) => Math.log((d + 1) / (docs + k)));
    this.logUnseen = Float64Array.from(totals, (t) => Math.log(options.alpha / (t + options.alpha * vocabulary)));
    for (const [feature, pairs] of counts) {
      const row = Float64Array.from(this.logUnseen);
      for (let i = 0; i < pairs.length; i += 2) {
        const c = pairs[i] ?? 0;
        row[c] = Math.log(((pairs[i + 1] ?? 0) + options.alpha) / ((totals[c] ?? 0) + options.alpha * vocabulary));
      }
      this.logLikelihood.set(feature, row);
    }
  }

  /** Trains on labelled texts; `intents` fixes the class order (defaults to first-seen order of the labels). */
  static train(examples: LabelledText[], options: Partial<NaiveBayesOptions> = {}, intents?: string[]): NaiveBayesClassifier {
    const opts = { ...DEFAULT_NB_OPTIONS, ...options };
    const classes = intents ?? [...new Set(examples.map((e) => e.intent))];
    if (classes.length === 0) throw new AppError('NLU_TRAINING_EMPTY', 'Naive Bayes needs at least one labelled example');
    const index = new Map(classes.map((c, i) => [c, i]));
    const docCounts = classes.map(() => 0);
    const perFeature = new Map<string, Map<number, number>>();
    for (const example of examples) {
      const c = index.get(example.intent);
      if (c === undefined) throw new AppError('NLU_TRAINING_LABEL', `Example labelled with unknown intent "${example.intent}"`);
      docCounts[c]! += 1;
      // Binary within a document: a word repeated in one message is not more evidence.
      for (const f of featuresOf(example.text, opts)) {
        const row = perFeature.get(f) ?? new Map<number, number>();
        row.set(c, (row.get(c) ?? 0) + 1);
        perFeature.set(f, row);
      }
    }
    const counts = new Map<string, number[]>();
    for (const f of [...perFeature.keys()].sort()) {
      const row = perFeature.get(f)!;
      counts.set(f, [...row.entries()].sort((a, b) => a[0] - b[0]).flat());
    }
    return new NaiveBayesClassifier(classes, docCounts, counts, opts);
  }

  /** Distinct features seen in training. */
  get featureCount(): number {
    return this.counts.size;
  }

  /** Restores a classifier written by toJSON(); throws AppError MODEL_INVALID on a malformed document. */
  static fromJSON(json: unknown): NaiveBayesClassifier {
    const parsed = naiveBayesJsonSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('MODEL_INVALID', `Naive Bayes model: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
    }
    const { intents, docCounts, features, options } = parsed.data;
    if (docCounts.length !== intents.length) throw new AppError('MODEL_INVALID', 'Naive Bayes model: docCounts and intents differ in length');
    const counts = new Map<string, number[]>();
    for (const [feature, pairs] of Object.entries(features)) {
      if (pairs.length % 2 !== 0 || pairs.some((v, i) => i % 2 === 0 && v >= intents.length)) {
        throw new AppError('MODEL_INVALID', `Naive Bayes model: bad counts for feature "${feature}"`);
      }
      counts.set(feature, pairs);
    }
    return new NaiveBayesClassifier(intents, docCounts, counts, options);
  }

  toJSON(): NaiveBayesJson {
    return {
      type: 'multinomial-naive-bayes',
      formatVersion: 1,
      options: { ...this.options, wordNgrams: [...this.options.wordNgrams], charNgrams: [...this.options.charNgrams] },
      intents: [...this.intents],
      docCounts: [...this.docCounts],
      features: Object.fromEntries(this.counts),
    };
  }

  /** The same classifier with another softmax temperature (counts are shared, not copied). */
  withTemperature(temperature: number): NaiveBayesClassifier {
    return new NaiveBayesClassifier([...this.intents], this.docCounts, this.counts, { ...this.options, temperature });
  }

  /** Log joint score log P(c) + Σ log P(f|c) per intent, in `intents` order; unknown features are skipped. */
  scores(text: string): Float64Array {
    const scores = Float64Array.from(this.logPrior);
    for (const f of featuresOf(text, this.options)) {
      const row = this.logLikelihood.get(f);
      if (!row) continue;
      for (let c = 0; c < scores.length; c++) scores[c]! += row[c]!;
    }
    return scores;
  }

  /** Softmax of scores/temperature, ranked best first; sums to 1 (up to rounding). */
  rank(text: string): IntentRanking {
    return rankScores(this.intents, this.scores(text), this.options.temperature);
  }

  async classify(text: string): Promise<IntentRanking> {
    return this.rank(text);
  }
}

/** Temperature-scaled softmax of log scores, sorted by confidence then intent name (a stable order for ties). */
export function rankScores(intents: readonly string[], scores: ArrayLike<number>, temperature: number): IntentRanking {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, (scores[i] ?? 0) / temperature);
  const exps = Array.from({ length: scores.length }, (_, i) => Math.exp((scores[i] ?? 0) / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return intents
    .map((intent, i) => ({ intent, confidence: (exps[i] ?? 0) / sum }))
    .sort((a, b) => b.confidence - a.confidence || (a.intent < b.intent ? -1 : a.intent > b.intent ? 1 : 0));
}
