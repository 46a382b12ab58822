// `churn-eval`: stratified k-fold evaluation of the churn model on labelled telco data (fixed seed), with
// ROC-AUC (mean and spread over folds), Brier score and log-loss of the out-of-fold probabilities, and a
// tenure-only logistic regression as the baseline computed on the same folds.
import { parseArgs } from 'node:util';
import { AppError } from '../app-error.js';
import { ChurnModel, type LabelledSubscription } from './churn-model.js';
import { readTelcoLabelled, rocAuc, stratifiedFolds } from './churn-training.js';

export interface ChurnEvalResult {
  auc: number;
  aucStd: number;
  brier: number;
  logLoss: number;
  folds: number;
  rows: number;
  baselines: { tenureOnly: { auc: number } };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function foldAucs(rows: LabelledSubscription[], folds: number[], k: number, only?: readonly string[]) {
  const aucs: number[] = [];
  const outOfFold = new Array<number>(rows.length).fill(0);
  for (let f = 0; f < k; f++) {
    const model = ChurnModel.train(rows.filter((_, i) => folds[i] !== f), only ? { only } : {});
    const testIdx = rows.flatMap((_, i) => (folds[i] === f ? [i] : []));
    const p = testIdx.map((i) => model.probability((rows[i] as LabelledSubscription).attributes));
    testIdx.forEach((i, n) => (outOfFold[i] = p[n] ?? 0));
    aucs.push(rocAuc(p, testIdx.map((i) => (rows[i] as LabelledSubscription).churned)));
  }
  return { aucs, outOfFold };
}

export function evaluateChurn(rows: LabelledSubscription[], k = 5, seed = 42): ChurnEvalResult {
  if (!Number.isInteger(k) || k < 2) throw new AppError('USAGE', '--folds must be a whole number ≥ 2', { status: 400 });
  const folds = stratifiedFolds(rows.map((r) => r.churned), k, seed);
  const full = foldAucs(rows, folds, k);
  const tenure = foldAucs(rows, folds, k, ['tenureMonths', 'logTenure']);
  const auc = mean(full.aucs);
  const eps = 1e-12;
  const y = rows.map((r) => (r.churned ? 1 : 0));
  return {
    auc,
    aucStd: Math.sqrt(mean(full.aucs.map((a) => (a - auc) ** 2))),
    brier: mean(full.outOfFold.map((p, i) => (p - (y[i] ?? 0)) ** 2)),
    logLoss: -mean(full.outOfFold.map((p, i) => ((y[i] ?? 0) === 1 ? Math.log(Math.max(p, eps)) : Math.log(Math.max(1 - p, eps))))),
    folds: k,
    rows: rows.length,
    baselines: { tenureOnly: { auc: mean(tenure.aucs) } },
  };
}

export async function runChurnEvalCommand(argv: string[], out: (line: string) => void): Promise<ChurnEvalResult> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, folds: { type: 'string' } } });
  if (!values.data) throw new AppError('USAGE', 'usage: churn-eval --data <telco csv> [--folds 5] [--json]', { status: 400 });
  const rows = await readTelcoLabelled(values.data);
  const result = evaluateChurn(rows, values.folds ? Number(values.folds) : 5);
  const f = (x: number) => x.toFixed(4);
  out(`Churn model, stratified ${result.folds}-fold (seed 42) on ${result.rows} customers:`);
  out('model                         ROC-AUC');
  out(`logistic regression           ${f(result.auc)} ± ${f(result.aucStd)}   Brier ${f(result.brier)}   log-loss ${f(result.logLoss)}`);
  out(`baseline: tenure only         ${f(result.baselines.tenureOnly.auc)}`);
  return result;
}
