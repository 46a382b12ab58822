// The nlu-eval contract (issue 4, item 6): train the ensemble on T, learn its weights, temperature and out-of-scope
// threshold on V (or a seeded stratified 10% of T), evaluate on S, and report accuracy, macro-F1, in-scope
// accuracy, out-of-scope recall, ECE, latency, training time and each member's own scores beside the ensemble's. Also reads the JSONL data sets ({"text","intent"} per line) with line-numbered errors.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { expectedCalibrationError, reliabilityTable, softmaxWithTemperature, type ReliabilityBin } from './calibration.js';
import type { Encoder } from './embedding/encoder.js';
import { loadEncoderFromDirectory, requiredModelFiles } from './embedding/transformer-encoder.js';
import { alignLogProbs } from './ensemble/ensemble-classifier.js';
import { trainEnsemble, type EnsembleReport, type TrainEnsembleOptions } from './ensemble/train-ensemble.js';
import { classificationReport } from './metrics.js';
import type { IntentClassifier, LabelledText } from './types.js';

const rowSchema = z.object({ text: z.string(), intent: z.string().trim().min(1) });

/** Parses JSONL rows {"text","intent"} (other fields ignored, blank lines skipped); errors name the line. */
export function parseJsonl(content: string, source = 'input'): LabelledText[] {
  const rows: LabelledText[] = [];
  content
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new AppError('DATA_INVALID', `${source}:${i + 1}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { status: 400, cause: error });
      }
      const parsed = rowSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? `"${issue.path.join('.')}" ` : '';
        throw new AppError('DATA_INVALID', `${source}:${i + 1}: ${where}${issue?.message ?? 'invalid row'} (expected {"text": string, "intent": string})`, { status: 400 });
      }
      rows.push({ text: parsed.data.text, intent: parsed.data.intent });
    });
  return rows;
}

/** Reads a JSONL data set; throws AppError DATA_NOT_FOUND / DATA_INVALID (with the line number). */
export function readJsonl(path: string): LabelledText[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('DATA_NOT_FOUND', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { status: 400, cause: error });
  }
  return parseJsonl(content, path);
}

/** An extra classifier trained on all training rows and scored on its own beside the ensemble's members. */
export interface NluMember {
  name: string;
  train(rows: readonly LabelledText[]): IntentClassifier | Promise<IntentClassifier>;
}

export interface EvaluateNluOptions {
  train: readonly LabelledText[];
  test: readonly LabelledText[];
  val?: readonly LabelledText[];
  oosLabel?: string;
  /** Adds the embedding member to the ensemble. */
  encoder?: Encoder;
  /** Extra classifiers scored beside the ensemble's members (default none). */
  members?: readonly NluMember[];
  /** Ensemble settings (members, pruning, ...). */
  ensemble?: Partial<TrainEnsembleOptions>;
}

export interface MemberScores {
  accuracy: number;
  macroF1: number;
}

export interface NluEvalResult {
  accuracy: number;
  macroF1: number;
  inScopeAccuracy: number;
  oosRecall: number | null;
  ece: number;
  p50Ms: number;
  p95Ms: number;
  trainMs: number;
  members: Record<string, MemberScores>;
}

export interface NluEvalDetails {
  trainRows: number;
  intents: number;
  testRows: number;
  testOosRows: number;
  /** Test ECE of the pool at temperature 1 (weights normalised to sum 1), beside `ece` after calibration. */
  eceUncalibrated: number;
  /** Test reliability table (15 bins) after calibration. */
  reliability: ReliabilityBin[];
  ensemble: EnsembleReport;
  /** The encoder behind the embedding member, or null (lexical members only). */
  encoder: string | null;
  extraTrainMs: Record<string, number>;
}

export interface Scores extends MemberScores {
  inScopeAccuracy: number;
  oosRecall: number | null;
}

/**
 * Scores predictions (null = rejected). An out-of-scope row is right when rejected, an in-scope one when its intent
 * is predicted. Macro-F1 averages over the test set's gold labels (the out-of-scope label among them when present),
 * a rejection counting as a prediction of the out-of-scope label.
 */
export function scorePredictions(gold: readonly string[], predicted: readonly (string | null)[], oosLabel: string): Scores {
  const right = gold.map((g, i) => (g === oosLabel ? predicted[i] === null : predicted[i] === g));
  const inScope = gold.flatMap((g, i) => (g === oosLabel ? [] : [right[i]!]));
  const oos = gold.flatMap((g, i) => (g === oosLabel ? [right[i]!] : []));
  const share = (xs: boolean[]) => (xs.length === 0 ? 0 : xs.filter(Boolean).length / xs.length);
  const labels = [...new Set(gold)].sort();
  return {
    accuracy: share(right),
    macroF1: classificationReport(gold, predicted.map((p) => p ?? oosLabel), labels, 0).macroF1,
    inScopeAccuracy: share(inScope),
    oosRecall: oos.length === 0 ? null : share(oos),
  };
}

/** Nearest-rank percentile of unsorted values (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Top-1 confidence and outcome per test row whose label the ensemble knows (the ones it can get right). */
function testCalibration(intents: readonly string[], logProbs: readonly Float64Array[], test: readonly LabelledText[], scale: number): { ece: number; table: ReliabilityBin[] } {
  const confidences: number[] = [];
  const correct: boolean[] = [];
  test.forEach((r, i) => {
    if (!intents.includes(r.intent)) return;
    const p = softmaxWithTemperature(logProbs[i]!, 1 / scale);
    let c = 0;
    for (let j = 1; j < p.length; j++) if (p[j]! > p[c]!) c = j;
    confidences.push(p[c]!);
    correct.push(intents[c] === r.intent);
  });
  return { ece: expectedCalibrationError(confidences, correct), table: reliabilityTable(confidences, correct) };
}

/** Top-1 of each text (batch), an out-of-scope top counting as a rejection. */
async function scoreTopOne(intents: readonly string[], logProbs: (texts: string[]) => Promise<Float64Array[]>, test: readonly LabelledText[], oosLabel: string): Promise<MemberScores> {
  const predicted = (await logProbs(test.map((r) => r.text))).map((lp) => {
    let c = 0;
    for (let j = 1; j < lp.length; j++) if (lp[j]! > lp[c]!) c = j;
    return intents[c] === oosLabel ? null : intents[c]!;
  });
  const { accuracy, macroF1 } = scorePredictions(test.map((r) => r.intent), predicted, oosLabel);
  return { accuracy, macroF1 };
}

async function scoreClassifier(classifier: IntentClassifier, test: readonly LabelledText[], oosLabel: string): Promise<MemberScores> {
  const predicted: (string | null)[] = [];
  for (const row of test) {
    const top = (await classifier.classify(row.text))[0]?.intent ?? null;
    predicted.push(top === oosLabel ? null : top);
  }
  const { accuracy, macroF1 } = scorePredictions(test.map((r) => r.intent), predicted, oosLabel);
  return { accuracy, macroF1 };
}

/** evaluateNlu with the figures behind it (the ensemble report, uncalibrated ECE, row counts). */
export async function evaluateNluDetailed(options: EvaluateNluOptions): Promise<{ result: NluEvalResult; details: NluEvalDetails }> {
  const { train, test } = options;
  const oosLabel = options.oosLabel ?? 'oos';
  if (train.length === 0) throw new AppError('DATA_INVALID', 'the training set is empty', { status: 400 });
  if (test.length === 0) throw new AppError('DATA_INVALID', 'the test set is empty', { status: 400 });
  const started = performance.now();
  const trained = await trainEnsemble(train, options.val, { ...options.ensemble, oosLabel, ...(options.encoder ? { encoder: options.encoder } : {}) });
  const trainMs = performance.now() - started;
  const ensemble = trained.classifier;

  // Single-message classification after training, as the bot does it.
  const latencies: number[] = [];
  const predicted: (string | null)[] = [];
  for (const row of test) {
    const t0 = performance.now();
    const decision = await ensemble.decide(row.text);
    latencies.push(performance.now() - t0);
    predicted.push(decision.intent);
  }
  const scores = scorePredictions(test.map((r) => r.intent), predicted, oosLabel);

  // Each member on its own (top-1, no threshold), then the pool's top-1 under the same rule.
  const members: Record<string, MemberScores> = {};
  for (const m of ensemble.members) {
    const align = alignLogProbs(m, ensemble.intents);
    members[m.name] = await scoreTopOne(ensemble.intents, async (texts) => (await m.logProbabilities(texts)).map(align), test, oosLabel);
  }
  members.ensemble = await scoreTopOne(ensemble.intents, (texts) => ensemble.logProbabilities(texts), test, oosLabel);
  const extraTrainMs: Record<string, number> = {};
  for (const member of options.members ?? []) {
    const t0 = performance.now();
    const classifier = await member.train(train);
    extraTrainMs[member.name] = performance.now() - t0;
    members[member.name] = await scoreClassifier(classifier, test, oosLabel);
  }

  const pooled = await ensemble.logProbabilities(test.map((r) => r.text));
  const calibrated = testCalibration(ensemble.intents, pooled, test, 1);
  const result: NluEvalResult = {
    ...scores,
    ece: calibrated.ece,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    trainMs,
    members,
  };
  const details: NluEvalDetails = {
    trainRows: train.length,
    intents: ensemble.intents.length,
    testRows: test.length,
    testOosRows: test.filter((r) => r.intent === oosLabel).length,
    // Pooled log-probabilities × the fitted temperature = the pool with its weights normalised to sum 1.
    eceUncalibrated: testCalibration(ensemble.intents, pooled, test, trained.temperature).ece,
    reliability: calibrated.table,
    ensemble: trained.report,
    encoder: options.encoder?.name ?? null,
    extraTrainMs,
  };
  return { result, details };
}

/** Trains on `train` (tuning on `val` or a split of it), evaluates on `test`; see NluEvalResult. */
export async function evaluateNlu(options: EvaluateNluOptions): Promise<NluEvalResult> {
  return (await evaluateNluDetailed(options)).result;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);
const ms = (x: number) => `${x.toFixed(x < 10 ? 3 : 0)} ms`;

/** The human-readable report printed by nlu-eval (the caller prints the JSON line). */
export function formatNluEval(result: NluEvalResult, details: NluEvalDetails, oosLabel: string): string[] {
  const e = details.ensemble;
  const chosen = e.chosen === 'pool' ? 'the pool' : `fallback to ${e.chosen.fallbackTo} (${e.chosen.reason})`;
  const rows: [string, string, string][] = [
    ['ensemble, calibrated, with rejection', pct(result.accuracy), pct(result.macroF1)],
    ...Object.entries(result.members).map(([name, m]): [string, string, string] => [`${name} (top-1)`, pct(m.accuracy), pct(m.macroF1)]),
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    `NLU evaluation: train ${details.trainRows} rows, ${details.intents} classes; test ${details.testRows} rows (${details.testOosRows} labelled "${oosLabel}")`,
    details.encoder ? `encoder: ${details.encoder} (embedding member on)` : 'encoder: none — lexical members only (give --encoder-dir or install the model in MODEL_DIR, see models/README.md)',
    `weights learned on ${e.validationSource === 'given' ? 'the given validation set' : 'a stratified 10% split of train'} (${e.validationRows} rows)${e.refittedOnAllRows ? '; members with weight > 0 then refitted on all training rows' : ''}`,
    ...e.members.map((m) => `  ${m.name.padEnd(14)} weight ${m.weight.toFixed(3)}  validation accuracy ${pct(m.validationAccuracy)}, NLL ${m.validationNll.toFixed(3)}  (train ${(m.trainMs / 1000).toFixed(1)} s)`),
    `  pool: validation accuracy ${pct(e.validation.accuracy)}, NLL ${e.validation.nll.toFixed(3)} (all members ${e.fullPoolNll.toFixed(3)}), ECE ${e.validation.ece.toFixed(4)}, temperature ${e.temperature.toFixed(3)}; chosen: ${chosen}`,
    `test ECE ${details.eceUncalibrated.toFixed(4)} (weights summing to 1) → ${result.ece.toFixed(4)} (fitted temperature)`,
    `out-of-scope threshold ${e.threshold.threshold.toFixed(4)}: ${e.threshold.objective}`,
    '',
    'test reliability (calibrated top-1):  confidence bin   rows  mean conf  accuracy',
    ...details.reliability
      .filter((b) => b.count > 0)
      .map((b) => `${' '.repeat(38)}(${b.lower.toFixed(2)}, ${b.upper.toFixed(2)}]  ${String(b.count).padStart(5)}  ${b.meanConfidence.toFixed(3).padStart(9)}  ${b.accuracy.toFixed(3).padStart(8)}`),
    '',
    `${'model'.padEnd(width)}  accuracy  macro-F1`,
    ...rows.map(([name, acc, f1]) => `${name.padEnd(width)}  ${acc.padStart(8)}  ${f1.padStart(8)}`),
    '',
    `in-scope accuracy ${pct(result.inScopeAccuracy)}, out-of-scope recall ${pct(result.oosRecall)}, ECE ${result.ece.toFixed(4)}`,
    `latency p50 ${ms(result.p50Ms)}, p95 ${ms(result.p95Ms)}; training ${(result.trainMs / 1000).toFixed(1)} s` +
      Object.entries(details.extraTrainMs)
        .map(([name, v]) => ` (${name}: ${(v / 1000).toFixed(1)} s)`)
        .join(''),
  ];
}

const argsSchema = z.object({
  train: z.string({ error: '--train <file.jsonl> is required' }).min(1),
  test: z.string({ error: '--test <file.jsonl> is required' }).min(1),
  val: z.string().min(1).optional(),
  'oos-label': z.string().min(1).default('oos'),
  'encoder-dir': z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export const NLU_EVAL_USAGE = 'nlu-eval --train T.jsonl --test S.jsonl [--val V.jsonl] [--oos-label oos] [--encoder-dir DIR] [--json]';

/**
 * The encoder for nlu-eval: --encoder-dir when given (an error if it cannot be loaded), else the configured
 * MODEL_DIR/ENCODER_MODEL when its files are there, else none.
 */
async function evalEncoder(dir: string | undefined, configured?: { modelDir: string; model: string }): Promise<Encoder | undefined> {
  if (dir) return loadEncoderFromDirectory(dir);
  if (!configured) return undefined;
  const full = join(configured.modelDir, configured.model);
  if (!requiredModelFiles(true).every((f) => existsSync(join(full, f)))) return undefined;
  return loadEncoderFromDirectory(full);
}

/** Parses nlu-eval arguments, runs the evaluation, prints the report through `out` and returns the result. */
export async function runNluEvalCommand(argv: string[], out: (line: string) => void, configuredEncoder?: { modelDir: string; model: string }): Promise<NluEvalResult> {
  let values: unknown;
  try {
    values = parseArgs({
      args: argv,
      options: { train: { type: 'string' }, test: { type: 'string' }, val: { type: 'string' }, 'oos-label': { type: 'string' }, 'encoder-dir': { type: 'string' }, json: { type: 'boolean' } },
    }).values;
  } catch (error) {
    throw new AppError('USAGE', `${error instanceof Error ? error.message : String(error)}\nusage: ${NLU_EVAL_USAGE}`, { status: 400, cause: error });
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new AppError('USAGE', `${parsed.error.issues[0]?.message ?? 'bad arguments'}\nusage: ${NLU_EVAL_USAGE}`, { status: 400 });
  const args = parsed.data;
  const oosLabel = args['oos-label'];
  const { result, details } = await evaluateNluDetailed({
    train: readJsonl(args.train),
    test: readJsonl(args.test),
    ...(args.val ? { val: readJsonl(args.val) } : {}),
    oosLabel,
    encoder: await evalEncoder(args['encoder-dir'], configuredEncoder),
  });
  for (const line of formatNluEval(result, details, oosLabel)) out(line);
  return result;
}
