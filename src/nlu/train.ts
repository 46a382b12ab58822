// Trains the intent model from intents/: Naive Bayes on the examples, softmax temperature fitted by k-fold
// cross-validation on the examples, evaluation and threshold choice on the held-out tests, then writes
// models/intent-model.json. Output is deterministic except `trainedAt`.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { fitTemperature, thresholdKeepingAnswered, topConfidences, type ScoredExample } from './confidence-calibration.js';
import { loadIntentCatalog, testExamples, trainingExamples, type IntentCatalog } from './intent-catalog.js';
import { INTENT_MODEL_VERSION, intentModelPath, type IntentModelFile, type IntentModelMetrics } from './intent-model-file.js';
import { classificationReport } from './metrics.js';
import { NaiveBayesClassifier, rankScores, type NaiveBayesOptions } from './naive-bayes-classifier.js';
import type { LabelledText } from './types.js';

/** Out-of-scope probe messages, one per line ('#' starts a comment); used to evaluate the threshold, never trained on. */
export const OUT_OF_SCOPE_FILE = 'out-of-scope.txt';

/** Share of held-out in-scope messages the threshold must keep answering (first-version objective). */
export const MIN_ANSWERED_RATE = 0.95;
export const CV_FOLDS = 5;

export interface BuildIntentModelOptions {
  outOfScope?: string[];
  trainedAt?: string;
  classifierOptions?: Partial<Omit<NaiveBayesOptions, 'temperature'>>;
  folds?: number;
  minAnsweredRate?: number;
}

export interface BuiltIntentModel {
  model: IntentModelFile;
  classifier: NaiveBayesClassifier;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Stratified folds: the i-th example of each intent goes to fold i mod k, so every fold sees every intent. */
function foldsOf(examples: LabelledText[], k: number): number[] {
  const seen = new Map<string, number>();
  return examples.map((e) => {
    const i = seen.get(e.intent) ?? 0;
    seen.set(e.intent, i + 1);
    return i % k;
  });
}

function crossValidate(examples: LabelledText[], intents: string[], k: number, options: BuildIntentModelOptions['classifierOptions']) {
  const folds = foldsOf(examples, k);
  const index = new Map(intents.map((name, i) => [name, i]));
  const scored: ScoredExample[] = [];
  const gold: string[] = [];
  const predicted: string[] = [];
  for (let fold = 0; fold < k; fold++) {
    const model = NaiveBayesClassifier.train(examples.filter((_, i) => folds[i] !== fold), options, intents);
    examples.forEach((e, i) => {
      if (folds[i] !== fold) return;
      const scores = model.scores(e.text);
      scored.push({ scores, gold: index.get(e.intent) ?? 0 });
      gold.push(e.intent);
      predicted.push(rankScores(intents, scores, 1)[0]?.intent ?? '');
    });
  }
  return { scored, report: classificationReport(gold, predicted, intents) };
}

/** Trains, calibrates and evaluates in memory; nothing is written. */
export function buildIntentModel(catalog: IntentCatalog, options: BuildIntentModelOptions = {}): BuiltIntentModel {
  const intents = catalog.intents.map((i) => i.name);
  const train = trainingExamples(catalog);
  const tests = testExamples(catalog);
  const k = options.folds ?? CV_FOLDS;
  const minAnsweredRate = options.minAnsweredRate ?? MIN_ANSWERED_RATE;

  const cv = crossValidate(train, intents, k, options.classifierOptions);
  const temperature = fitTemperature(cv.scored);
  const classifier = NaiveBayesClassifier.train(train, { ...options.classifierOptions, temperature }, intents);

  const rankings = tests.map((t) => classifier.rank(t.text));
  const gold = tests.map((t) => t.intent);
  const predicted = rankings.map((r) => r[0]?.intent ?? null);
  const confidences = rankings.map((r) => r[0]?.confidence ?? 0);
  const heldOut = classificationReport(gold, predicted, intents, 10);

  const threshold = thresholdKeepingAnswered(confidences, minAnsweredRate);
  const answered = confidences.map((c) => c >= threshold);
  const answeredCount = answered.filter(Boolean).length;
  const answeredRight = answered.filter((a, i) => a && predicted[i] === gold[i]).length;
  const oos = options.outOfScope ?? null;
  const oosConfidences = oos ? topConfidences(intents, oos.map((text) => ({ scores: classifier.scores(text), gold: 0 })), temperature) : [];

  const metrics: IntentModelMetrics = {
    trainExamples: train.length,
    testExamples: tests.length,
    features: classifier.featureCount,
    heldOut: {
      accuracy: round4(heldOut.accuracy),
      macroF1: round4(heldOut.macroF1),
      macroPrecision: round4(heldOut.macroPrecision),
      macroRecall: round4(heldOut.macroRecall),
      perIntent: heldOut.perClass.map((m) => ({
        intent: m.label,
        precision: round4(m.precision),
        recall: round4(m.recall),
        f1: round4(m.f1),
        support: m.support,
      })),
      confusions: heldOut.confusions,
    },
    crossValidation: { folds: k, accuracy: round4(cv.report.accuracy), macroF1: round4(cv.report.macroF1) },
    atThreshold: {
      answeredRate: round4(tests.length === 0 ? 0 : answeredCount / tests.length),
      answeredAccuracy: round4(answeredCount === 0 ? 0 : answeredRight / answeredCount),
      outOfScope: oos ? { messages: oos.length, rejectedRate: round4(oos.length === 0 ? 0 : oosConfidences.filter((c) => c < threshold).length / oos.length) } : null,
    },
  };

  const model: IntentModelFile = {
    version: INTENT_MODEL_VERSION,
    trainedAt: options.trainedAt ?? new Date().toISOString(),
    intents,
    classifier: classifier.toJSON(),
    threshold,
    thresholdProvenance: {
      objective: `highest top-1 confidence threshold that keeps at least ${minAnsweredRate * 100}% of held-out in-scope test messages answered`,
      minAnsweredRate,
      evaluatedOn: `held-out tests in intents/*.yaml (${tests.length} messages)`,
      temperature,
      temperatureFittedOn: `${k}-fold stratified cross-validation on the ${train.length} training examples (min mean NLL on a fixed grid)`,
    },
    metrics,
  };
  return { model, classifier };
}

export function readOutOfScopeProbes(intentsDir: string): string[] | undefined {
  const path = join(intentsDir, OUT_OF_SCOPE_FILE);
  if (!existsSync(path)) return undefined;
  return readFileSync(path, 'utf8')
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

/** The model as JSON: readable metadata and metrics, the (large) classifier on one line. */
export function serialiseIntentModel(model: IntentModelFile): string {
  const marker = '"__classifier__"';
  return `${JSON.stringify({ ...model, classifier: '__classifier__' }, null, 2).replace(marker, () => JSON.stringify(model.classifier))}\n`;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A readable report of a trained model, one line per array entry. */
export function formatTrainingReport(model: IntentModelFile): string[] {
  const m = model.metrics;
  const oos = m.atThreshold.outOfScope;
  const width = Math.max(...model.intents.map((i) => i.length), 6);
  const lines = [
    `Intent model: ${model.intents.length} intents, ${m.trainExamples} training examples, ${m.testExamples} held-out tests, ${m.features} features`,
    `Cross-validation (${m.crossValidation.folds}-fold, examples): accuracy ${pct(m.crossValidation.accuracy)}, macro-F1 ${pct(m.crossValidation.macroF1)}; softmax temperature ${model.thresholdProvenance.temperature}`,
    `Held-out tests: accuracy ${pct(m.heldOut.accuracy)}, macro-F1 ${pct(m.heldOut.macroF1)}`,
    `Threshold ${model.threshold} (${model.thresholdProvenance.objective}): answered ${pct(m.atThreshold.answeredRate)}, accuracy when answered ${pct(m.atThreshold.answeredAccuracy)}` +
      (oos ? `; out-of-scope probes rejected ${pct(oos.rejectedRate)} of ${oos.messages}` : ''),
    '',
    `${'intent'.padEnd(width)}  precision  recall     f1  support`,
    ...m.heldOut.perIntent.map(
      (r) => `${r.intent.padEnd(width)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall).padStart(6)}  ${pct(r.f1).padStart(6)}  ${String(r.support).padStart(7)}`,
    ),
  ];
  if (m.heldOut.confusions.length > 0) {
    lines.push('', 'Most frequent confusions (gold → predicted):');
    for (const c of m.heldOut.confusions) lines.push(`  ${c.gold} → ${c.predicted}: ${c.count}`);
  }
  return lines;
}

export interface TrainIntentModelOptions {
  intentsDir: string;
  modelsDir: string;
  logger: Logger;
  /** Receives the readable report line by line (default: console.log). */
  out?: (line: string) => void;
  now?: () => Date;
}

export interface TrainIntentModelResult {
  metrics: IntentModelMetrics;
  threshold: number;
  path: string;
}

/** Loads intents/, trains and evaluates, writes models/intent-model.json and prints the report. */
export async function trainIntentModel(options: TrainIntentModelOptions): Promise<TrainIntentModelResult> {
  const { intentsDir, modelsDir, logger } = options;
  const out = options.out ?? ((line: string) => console.log(line));
  const started = Date.now();
  const catalog = loadIntentCatalog(intentsDir);
  const { model } = buildIntentModel(catalog, {
    outOfScope: readOutOfScopeProbes(intentsDir),
    trainedAt: (options.now?.() ?? new Date()).toISOString(),
  });
  mkdirSync(modelsDir, { recursive: true });
  const path = intentModelPath(modelsDir);
  // Write then rename, so a running bot or a crash never sees half a model.
  writeFileSync(`${path}.tmp`, serialiseIntentModel(model));
  renameSync(`${path}.tmp`, path);
  for (const line of formatTrainingReport(model)) out(line);
  logger.info('nlu.train.done', {
    intents: model.intents.length,
    accuracy: model.metrics.heldOut.accuracy,
    macroF1: model.metrics.heldOut.macroF1,
    threshold: model.threshold,
    path,
    ms: Date.now() - started,
  });
  return { metrics: model.metrics, threshold: model.threshold, path };
}
