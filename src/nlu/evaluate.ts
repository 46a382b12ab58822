// The nlu-eval contract (issue 4, item 6): train on T, tune on V (or a seeded stratified 10% of T), evaluate on S,
// and report accuracy, macro-F1, in-scope accuracy, out-of-scope recall, ECE, latency, training time and each
// member's own scores. Also reads the JSONL data sets ({"text","intent"} per line) with line-numbered errors.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { expectedCalibrationError, reliabilityTable, softmaxWithTemperature, type ReliabilityBin } from './calibration.js';
import type { LexicalClassifier } from './lexical/linear-classifier.js';
import { trainTunedLexical, type LexicalTuningReport, type TunedLexicalOptions } from './lexical/train-lexical.js';
import { classificationReport } from './metrics.js';
import { NaiveBayesClassifier } from './naive-bayes-classifier.js';
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

/** A classifier trained and scored on its own beside the lexical model. */
export interface NluMember {
  name: string;
  train(rows: readonly LabelledText[]): IntentClassifier | Promise<IntentClassifier>;
}

export const naiveBayesMember: NluMember = { name: 'naive-bayes', train: (rows) => NaiveBayesClassifier.train([...rows]) };

export interface EvaluateNluOptions {
  train: readonly LabelledText[];
  test: readonly LabelledText[];
  val?: readonly LabelledText[];
  oosLabel?: string;
  /** Members scored beside 'lexical' (which is always scored); default: naive-bayes. */
  members?: readonly NluMember[];
  lexical?: Partial<TunedLexicalOptions>;
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
  /** Test ECE of the raw softmax (temperature 1), beside `ece` after temperature scaling. */
  eceUncalibrated: number;
  /** Test reliability table (15 bins) after temperature scaling. */
  reliability: ReliabilityBin[];
  tuning: LexicalTuningReport;
  memberTrainMs: Record<string, number>;
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

/** Top-1 confidences and outcomes on the test rows whose label the classifier knows (the ones it can get right). */
function testCalibration(classifier: LexicalClassifier, test: readonly LabelledText[], temperature: number): { ece: number; table: ReliabilityBin[] } {
  const known = test.filter((r) => classifier.intents.includes(r.intent));
  const tops = known.map((r) => {
    const p = softmaxWithTemperature(classifier.logits(r.text), temperature);
    let c = 0;
    for (let i = 1; i < p.length; i++) if (p[i]! > p[c]!) c = i;
    return { confidence: p[c]!, correct: classifier.intents[c] === r.intent };
  });
  const confidences = tops.map((t) => t.confidence);
  const correct = tops.map((t) => t.correct);
  return { ece: expectedCalibrationError(confidences, correct), table: reliabilityTable(confidences, correct) };
}

async function scoreMember(classifier: IntentClassifier, test: readonly LabelledText[], oosLabel: string): Promise<MemberScores> {
  const predicted: (string | null)[] = [];
  for (const row of test) {
    const top = (await classifier.classify(row.text))[0]?.intent ?? null;
    predicted.push(top === oosLabel ? null : top);
  }
  const { accuracy, macroF1 } = scorePredictions(test.map((r) => r.intent), predicted, oosLabel);
  return { accuracy, macroF1 };
}

/** evaluateNlu with the figures behind it (tuning, uncalibrated ECE, row counts). */
export async function evaluateNluDetailed(options: EvaluateNluOptions): Promise<{ result: NluEvalResult; details: NluEvalDetails }> {
  const { train, test } = options;
  const oosLabel = options.oosLabel ?? 'oos';
  if (train.length === 0) throw new AppError('DATA_INVALID', 'the training set is empty', { status: 400 });
  if (test.length === 0) throw new AppError('DATA_INVALID', 'the test set is empty', { status: 400 });
  const started = performance.now();
  const tuned = trainTunedLexical(train, { ...options.lexical, oosLabel, ...(options.val ? { validation: options.val } : {}) });
  const trainMs = performance.now() - started;
  const lexical = tuned.classifier;

  // Single-message classification after training, as the bot does it.
  const latencies: number[] = [];
  const predicted: (string | null)[] = [];
  for (const row of test) {
    const t0 = performance.now();
    const decision = lexical.decideRanking(await lexical.classify(row.text));
    latencies.push(performance.now() - t0);
    predicted.push(decision.intent);
  }
  const scores = scorePredictions(test.map((r) => r.intent), predicted, oosLabel);

  const members: Record<string, MemberScores> = { lexical: await scoreMember(lexical, test, oosLabel) };
  const memberTrainMs: Record<string, number> = { lexical: trainMs };
  for (const member of options.members ?? [naiveBayesMember]) {
    const t0 = performance.now();
    const classifier = await member.train(train);
    memberTrainMs[member.name] = performance.now() - t0;
    members[member.name] = await scoreMember(classifier, test, oosLabel);
  }

  const calibrated = testCalibration(lexical, test, lexical.calibration.temperature);
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
    intents: lexical.intents.length,
    testRows: test.length,
    testOosRows: test.filter((r) => r.intent === oosLabel).length,
    eceUncalibrated: testCalibration(lexical, test, 1).ece,
    reliability: calibrated.table,
    tuning: tuned.report,
    memberTrainMs,
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
  const t = details.tuning;
  const grid = t.grid.map((g) => `C ${g.c} (L2 ${g.l2.toPrecision(2)}) → ${pct(g.validationAccuracy)}`).join(', ');
  const rows: [string, string, string][] = [
    ['lexical, calibrated, with rejection', pct(result.accuracy), pct(result.macroF1)],
    ...Object.entries(result.members).map(([name, m]): [string, string, string] => [`${name} (top-1)`, pct(m.accuracy), pct(m.macroF1)]),
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    `NLU evaluation: train ${details.trainRows} rows, ${details.intents} classes; test ${details.testRows} rows (${details.testOosRows} labelled "${oosLabel}")`,
    `tuning on ${t.validationSource === 'given' ? 'the given validation set' : 'a stratified split of train'} (${t.validationRows} rows): ${grid}; chosen C ${t.chosenC} (final L2 ${t.chosenL2.toPrecision(2)}), ${t.epochs} epochs${t.retrainedOnAllRows ? ', then retrained on all training rows' : ''}`,
    `calibration: temperature ${t.temperature.toFixed(3)}; validation NLL ${t.validationNll.before.toFixed(3)} → ${t.validationNll.after.toFixed(3)}, ECE ${t.validationEce.before.toFixed(4)} → ${t.validationEce.after.toFixed(4)}; test ECE ${details.eceUncalibrated.toFixed(4)} → ${result.ece.toFixed(4)}`,
    `out-of-scope threshold ${t.threshold.threshold.toFixed(4)}: ${t.threshold.objective}`,
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
      Object.entries(details.memberTrainMs)
        .filter(([name]) => name !== 'lexical')
        .map(([name, v]) => ` (${name}: ${(v / 1000).toFixed(1)} s)`)
        .join(''),
  ];
}

const argsSchema = z.object({
  train: z.string({ error: '--train <file.jsonl> is required' }).min(1),
  test: z.string({ error: '--test <file.jsonl> is required' }).min(1),
  val: z.string().min(1).optional(),
  'oos-label': z.string().min(1).default('oos'),
  json: z.boolean().optional(),
});

export const NLU_EVAL_USAGE = 'nlu-eval --train T.jsonl --test S.jsonl [--val V.jsonl] [--oos-label oos] [--json]';

/** Parses nlu-eval arguments, runs the evaluation, prints the report through `out` and returns the result. */
export async function runNluEvalCommand(argv: string[], out: (line: string) => void): Promise<NluEvalResult> {
  let values: unknown;
  try {
    values = parseArgs({
      args: argv,
      options: { train: { type: 'string' }, test: { type: 'string' }, val: { type: 'string' }, 'oos-label': { type: 'string' }, json: { type: 'boolean' } },
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
  });
  for (const line of formatNluEval(result, details, oosLabel)) out(line);
  return result;
}
