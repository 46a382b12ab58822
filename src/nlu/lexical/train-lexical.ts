// Trains the lexical classifier the way it ships: the L2 strength chosen on held-out rows, a softmax temperature
// fitted on those rows' logits, and an out-of-scope threshold chosen on them for a stated objective. The held-out
// rows are the caller's validation set or, failing that, a seeded stratified share of the training rows — then
// the final model is retrained on all training rows with the chosen settings and keeps the calibration.
import {
  chooseThreshold,
  expectedCalibrationError,
  fitTemperature,
  negativeLogLikelihood,
  softmaxWithTemperature,
  type ThresholdChoice,
} from '../calibration.js';
import type { LabelledText } from '../types.js';
import { LexicalClassifier, prepareTrainingSet, toProvenanceValue } from './linear-classifier.js';
import { DEFAULT_SOFTMAX_OPTIONS, linearScores, type SoftmaxOptions } from './softmax-regression.js';
import { stratifiedSplit } from './stratified-split.js';
import { DEFAULT_TFIDF_OPTIONS, type TfidfOptions } from './tfidf-features.js';

export interface TunedLexicalOptions {
  /** Held-out rows for tuning; when absent, `validationFraction` of the training rows (stratified, seeded). */
  validation?: readonly LabelledText[];
  validationFraction: number;
  seed: number;
  /** Rows with this label are out of scope: trained as their own class, and rejections when predicted. */
  oosLabel: string;
  /**
   * Inverse regularisation strengths C = 1 / (l2 · training rows), as in scikit-learn, tried in this order (weakest
   * regularisation first); the search stops at the first C that scores no better than the best so far.
   */
  cGrid: number[];
  features: TfidfOptions;
  /** SGD settings; `l2` comes from the grid and `epochs`, when 0, from epochsFor(training rows). */
  softmax: SoftmaxOptions;
  /** Without out-of-scope validation rows, the threshold keeps at least this share of correct answers. */
  keepCorrect: number;
  /** Prior on ln T for the temperature fit (see fitTemperature): keeps small, all-correct validation sets sane. */
  temperaturePriorSigma: number;
}

export const DEFAULT_TUNED_LEXICAL_OPTIONS: TunedLexicalOptions = {
  validationFraction: 0.1,
  seed: 42,
  oosLabel: 'oos',
  cGrid: [100, 10, 1],
  features: DEFAULT_TFIDF_OPTIONS,
  softmax: { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 0 },
  // Without out-of-scope rows to tune on, the stated objective is in-scope accuracy: no rejection threshold.
  keepCorrect: 1,
  temperaturePriorSigma: 1,
};

/** About 100k SGD steps, between 10 and 50 epochs: small intent sets get more passes, large ones stay fast. */
export function epochsFor(rows: number): number {
  return Math.min(50, Math.max(10, Math.ceil(100_000 / Math.max(1, rows))));
}

export interface LexicalTuningReport {
  validationSource: 'given' | 'split';
  validationRows: number;
  grid: { c: number; l2: number; validationAccuracy: number }[];
  chosenC: number;
  /** L2 per row of the final model: 1 / (chosenC · its training rows). */
  chosenL2: number;
  epochs: number;
  temperature: number;
  temperaturePriorSigma: number;
  validationNll: { before: number; after: number };
  validationEce: { before: number; after: number };
  threshold: ThresholdChoice;
  retrainedOnAllRows: boolean;
}

export interface TunedLexical {
  classifier: LexicalClassifier;
  report: LexicalTuningReport;
}

const argmax = (z: ArrayLike<number>): number => {
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c]! > z[best]!) best = c;
  return best;
};

export function trainTunedLexical(train: readonly LabelledText[], options: Partial<TunedLexicalOptions> = {}): TunedLexical {
  const opts: TunedLexicalOptions = { ...DEFAULT_TUNED_LEXICAL_OPTIONS, ...options };
  const split = opts.validation ? null : stratifiedSplit(train, opts.validationFraction, opts.seed);
  const fitRows = split ? split.train : train;
  const valRows = split ? split.validation : (opts.validation ?? []);
  const set = prepareTrainingSet(fitRows, opts.features);
  const epochs = opts.softmax.epochs > 0 ? opts.softmax.epochs : epochsFor(fitRows.length);
  const index = new Map(set.intents.map((c, i) => [c, i]));
  const valX = valRows.map((r) => set.featurizer.transform(r.text));
  // Rows whose label the model knows (unknown in-scope labels can only be wrong; they still count for the threshold).
  const known = valRows.flatMap((r, i) => (index.has(r.intent) ? [i] : []));
  const gold = known.map((i) => index.get(valRows[i]!.intent)!);

  const grid = opts.cGrid.length > 0 ? opts.cGrid : [1 / (DEFAULT_SOFTMAX_OPTIONS.l2 * fitRows.length)];
  let best: { c: number; l2: number; accuracy: number; classifier: LexicalClassifier; logits: Float64Array[] } | null = null;
  const tried: LexicalTuningReport['grid'] = [];
  for (const c of grid) {
    const l2 = 1 / (c * fitRows.length);
    const classifier = LexicalClassifier.fit(set, { ...opts.softmax, l2, epochs });
    const logits = valX.map((x) => linearScores(classifier.model, x));
    const hits = known.filter((i, j) => argmax(logits[i]!) === gold[j]).length;
    const accuracy = valRows.length === 0 ? 0 : hits / valRows.length;
    tried.push({ c, l2, validationAccuracy: accuracy });
    if (best && accuracy <= best.accuracy) break;
    if (!best || accuracy > best.accuracy) best = { c, l2, accuracy, classifier, logits };
  }
  const chosen = best!;

  const knownLogits = known.map((i) => chosen.logits[i]!);
  const temperature = fitTemperature(knownLogits, gold, { logPriorSigma: opts.temperaturePriorSigma });
  const oosClass = index.get(opts.oosLabel);
  const topOf = (z: Float64Array, t: number) => {
    const p = softmaxWithTemperature(z, t);
    const c = argmax(p);
    return { c, confidence: p[c]! };
  };
  const calibrationFigures = (t: number) => {
    const tops = knownLogits.map((z) => topOf(z, t));
    return { nll: negativeLogLikelihood(knownLogits, gold, t), ece: expectedCalibrationError(tops.map((x) => x.confidence), tops.map((x, j) => x.c === gold[j])) };
  };
  const before = calibrationFigures(1);
  const after = calibrationFigures(temperature);
  const threshold = chooseThreshold(
    valRows.map((r, i) => {
      const top = topOf(chosen.logits[i]!, temperature);
      const inScope = r.intent !== opts.oosLabel;
      return { confidence: top.confidence, inScope, correct: inScope ? set.intents[top.c] === r.intent : top.c === oosClass };
    }),
    opts.keepCorrect,
  );

  // Retrained with the same C, so the L2 per row shrinks with the extra rows as it would have in the search.
  const finalL2 = 1 / (chosen.c * train.length);
  const final = split ? LexicalClassifier.train(train, { features: opts.features, softmax: { ...opts.softmax, l2: finalL2, epochs } }) : chosen.classifier;
  const report: LexicalTuningReport = {
    validationSource: split ? 'split' : 'given',
    validationRows: valRows.length,
    grid: tried,
    chosenC: chosen.c,
    chosenL2: split ? finalL2 : chosen.l2,
    epochs,
    temperature,
    temperaturePriorSigma: opts.temperaturePriorSigma,
    validationNll: { before: before.nll, after: after.nll },
    validationEce: { before: before.ece, after: after.ece },
    threshold,
    retrainedOnAllRows: split !== null,
  };
  const calibration = {
    temperature,
    threshold: threshold.threshold,
    thresholdObjective: threshold.objective,
    oosLabel: final.intents.includes(opts.oosLabel) ? opts.oosLabel : null,
  };
  return { classifier: final.withCalibration(calibration, { tuning: toProvenanceValue(report) }), report };
}
