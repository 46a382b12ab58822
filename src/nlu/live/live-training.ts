// Builds the live intent model from intents/ (plus staff labels): split, train through the pluggable trainer,
// calibrate on validation (held-out examples + half the out-of-scope probes), evaluate on the held-out `tests` and
// the other half of the probes. Deterministic apart from `trainedAt` (seeded split, seeded SGD).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedCalibrationError } from '../calibration.js';
import { loadIntentCatalog, testExamples, trainingExamples, type IntentCatalog } from '../intent-catalog.js';
import { mulberry32, shuffleInPlace } from '../lexical/seeded-random.js';
import { stratifiedSplit } from '../lexical/stratified-split.js';
import { classificationReport } from '../metrics.js';
import { isRejected } from '../out-of-scope.js';
import { normaliseText } from '../text-normalise.js';
import type { IntentRanking, LabelledText } from '../types.js';
import type { TrainingLabel } from '../../store/ports.js';
import { ambiguousPair, inScopeRanking, CLARIFICATION_PROVENANCE, DEFAULT_CLARIFICATION } from './ambiguity.js';
import type { IntentTrainer, TrainedIntentClassifier } from './intent-trainer.js';
import { INTENT_MODEL_FORMAT, type ClarificationSettings, type HeldOutFigures, type LiveModelFile } from './live-model-file.js';

/** Probes: half tunes the threshold, half measures it; never trained on. */
export const OUT_OF_SCOPE_FILE = 'out-of-scope.txt';
/** Out-of-scope examples trained as the `oos` class. */
export const OUT_OF_SCOPE_EXAMPLES_FILE = 'out-of-scope-examples.txt';
export const OOS_LABEL = 'oos';
export const SPLIT_SEED = 42;
/** Share of each intent's examples held out for tuning (C, temperature, threshold). */
export const VALIDATION_FRACTION = 0.15;

/** What intents/ holds for training and evaluation, with its fingerprint. */
export interface IntentData {
  catalog: IntentCatalog;
  examples: LabelledText[];
  tests: LabelledText[];
  oosExamples: LabelledText[];
  oosValidation: string[];
  oosTest: string[];
  intentsHash: string;
}

/** One message per line; '#' starts a comment line. Missing file = none. */
export function readLines(intentsDir: string, file: string): string[] {
  const path = join(intentsDir, file);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

export function loadIntentData(intentsDir: string): IntentData {
  const catalog = loadIntentCatalog(intentsDir);
  const examples = trainingExamples(catalog);
  const tests = testExamples(catalog);
  const probes = readLines(intentsDir, OUT_OF_SCOPE_FILE);
  const oosExamples = readLines(intentsDir, OUT_OF_SCOPE_EXAMPLES_FILE).map((text) => ({ text, intent: OOS_LABEL }));
  // A seeded half of the probes tunes the threshold; the other half only measures it.
  const order = probes.map((_, i) => i);
  shuffleInPlace(order, mulberry32(SPLIT_SEED));
  const half = Math.ceil(probes.length / 2);
  const intentsHash = createHash('sha256').update(JSON.stringify({ examples, tests, oosExamples, probes })).digest('hex');
  return {
    catalog,
    examples,
    tests,
    oosExamples,
    oosValidation: order.slice(0, half).map((i) => probes[i]!),
    oosTest: order.slice(half).map((i) => probes[i]!),
    intentsHash,
  };
}

/**
 * Labels as training rows; a label whose text is a held-out test or an out-of-scope probe is skipped, so the
 * evaluation (and the threshold the probes tune) never sees its own rows in training.
 */
export function labelRows(data: IntentData, labels: readonly TrainingLabel[]): { rows: LabelledText[]; used: string[]; skipped: number } {
  const tests = new Set([...data.tests.map((t) => t.text), ...data.oosValidation, ...data.oosTest].map((t) => normaliseText(t)));
  const kept = labels.filter((l) => !tests.has(normaliseText(l.text)));
  return { rows: kept.map((l) => ({ text: l.text, intent: l.intent })), used: kept.map((l) => l.id), skipped: labels.length - kept.length };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The held-out figures of any trained classifier on this data: the same yardstick for the old and new model. */
export async function evaluateHeldOut(
  classifier: TrainedIntentClassifier,
  data: IntentData,
  clarification: ClarificationSettings = DEFAULT_CLARIFICATION,
): Promise<HeldOutFigures> {
  const intents = data.catalog.intents.map((i) => i.name);
  const rankings = await Promise.all(data.tests.map((t) => classifier.classify(t.text)));
  const gold = data.tests.map((t) => t.intent);
  const top = rankings.map((r) => r[0]);
  const report = classificationReport(gold, top.map((t) => t?.intent ?? null), intents, 10);
  const rejects = (t: IntentRanking[number] | undefined) => isRejected(t, classifier);
  const answered = top.map((t) => !rejects(t));
  const inScopeRight = top.filter((t, i) => answered[i] && t?.intent === gold[i]).length;
  const oos = await Promise.all(data.oosTest.map((text) => classifier.classify(text)));
  const pairs = rankings.map((r) => (r[0]?.intent === classifier.oosLabel ? null : ambiguousPair(inScopeRanking(r, classifier.oosLabel), clarification)));
  const asked = pairs.flatMap((p, i) => (p ? [p.includes(gold[i]!)] : []));
  const n = Math.max(1, data.tests.length);
  return {
    tests: data.tests.length,
    accuracy: round4(report.accuracy),
    macroF1: round4(report.macroF1),
    inScopeAccuracy: round4(inScopeRight / n),
    answeredRate: round4(answered.filter(Boolean).length / n),
    oosProbes: oos.length,
    oosRecall: oos.length === 0 ? null : round4(oos.filter((r) => rejects(r[0])).length / oos.length),
    ece: round4(expectedCalibrationError(top.map((t) => t?.confidence ?? 0), top.map((t, i) => t?.intent === gold[i]))),
    clarifyRate: round4(asked.length / n),
    clarifyHasGold: asked.length === 0 ? null : round4(asked.filter(Boolean).length / asked.length),
    perIntent: report.perClass.map((m) => ({ intent: m.label, precision: round4(m.precision), recall: round4(m.recall), f1: round4(m.f1), support: m.support })),
    confusions: report.confusions,
  };
}

export interface BuildLiveModelOptions {
  trainer: IntentTrainer;
  labels?: readonly TrainingLabel[];
  version?: number;
  trainedAt?: string;
  clarification?: ClarificationSettings;
}

export interface BuiltLiveModel {
  file: LiveModelFile;
  classifier: TrainedIntentClassifier;
}

/** Which of `texts` the classifier's top intent gets right (paired comparisons of two models on the same rows). */
export async function topIntentCorrect(classifier: TrainedIntentClassifier, rows: readonly LabelledText[]): Promise<boolean[]> {
  const rankings = await Promise.all(rows.map((r) => classifier.classify(r.text)));
  return rankings.map((r, i) => r[0]?.intent === rows[i]!.intent);
}

/** The training half of buildLiveModel: split, train, calibrate; no evaluation (label cross-validation uses it). */
export async function trainLiveClassifier(data: IntentData, trainer: IntentTrainer, labels: readonly TrainingLabel[]) {
  const kept = labelRows(data, labels);
  const rows = [...data.examples, ...kept.rows, ...data.oosExamples];
  const split = stratifiedSplit(rows, VALIDATION_FRACTION, SPLIT_SEED);
  const validation = [...split.validation, ...data.oosValidation.map((text) => ({ text, intent: OOS_LABEL }))];
  const classifier = await trainer.train(split.train, { validation, oosLabel: OOS_LABEL, seed: SPLIT_SEED });
  return { classifier, labels: kept, rows, split };
}

/** Trains, calibrates and evaluates in memory; nothing is written. */
export async function buildLiveModel(data: IntentData, options: BuildLiveModelOptions): Promise<BuiltLiveModel> {
  const { classifier, labels, rows, split } = await trainLiveClassifier(data, options.trainer, options.labels ?? []);
  const clarification = options.clarification ?? DEFAULT_CLARIFICATION;
  const metrics = await evaluateHeldOut(classifier, data, clarification);
  const file: LiveModelFile = {
    format: INTENT_MODEL_FORMAT,
    version: options.version ?? 1,
    trainedAt: options.trainedAt ?? new Date().toISOString(),
    trainer: options.trainer.type,
    intents: [...classifier.intents],
    threshold: classifier.threshold,
    temperature: classifier.temperature,
    clarification,
    provenance: {
      thresholdObjective: classifier.thresholdObjective,
      validation: `${split.validation.length} examples (${VALIDATION_FRACTION * 100}% of each intent, seed ${SPLIT_SEED}) + ${data.oosValidation.length} out-of-scope probes; the final model is refitted on all ${rows.length} rows (${data.oosExamples.length} of them out-of-scope examples)`,
      clarification: CLARIFICATION_PROVENANCE,
    },
    data: { intentsHash: data.intentsHash, examples: rows.length - data.oosExamples.length, oosExamples: data.oosExamples.length, labelIds: labels.used, labelsSkipped: labels.skipped },
    metrics,
    classifier: classifier.toJSON(),
  };
  return { file, classifier };
}
