// `churn-eval`: stratified k-fold evaluation of the churn model on labelled data (fixed seed): ROC-AUC (mean and
// spread over folds), Brier score and log-loss of the out-of-fold probabilities of the shipped model (LR + GBM
// blend), with the logistic regression alone, the trees alone and a tenure-only regression on the same folds.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../app-error.js';
import { BlendedChurnModel, treeRow, type BlendOptions } from './churn-blend.js';
import { ChurnModel, type LabelledSubscription } from './churn-model.js';
import { readTelcoLabelled } from './churn-training.js';
import { readTransactions } from '../recommend/read-transactions.js';
import { evaluateRetailChurn, retailDataset, trainAndSaveRetailChurn } from './retail-churn.js';
import { silentLogger } from '../logger.js';
import { probabilityScores, rocAuc, stratifiedFolds } from './cv-metrics.js';

export interface ChurnEvalResult {
  auc: number;
  aucStd: number;
  brier: number;
  logLoss: number;
  folds: number;
  rows: number;
  /** Which model the headline figures are for. */
  model: string;
  /** Blend weight of the logistic regression chosen inside each training fold. */
  lrWeights: number[];
  /** L2 penalty of the logistic regression chosen inside each training fold. */
  l2s: number[];
  /** tenureOnly always; lr and gbm for the telco blend, recencyOnly and frequencyOnly for retail behaviour. */
  baselines: { tenureOnly: { auc: number } } & Record<string, { auc: number; aucStd?: number }>;
}

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** Out-of-fold scores and per-fold AUCs of one scorer trained per fold. */
function crossScore(rows: LabelledSubscription[], folds: number[], k: number, fit: (train: LabelledSubscription[]) => ((a: LabelledSubscription['attributes']) => number)[]) {
  const aucs: number[][] = [];
  const outOfFold: number[][] = [];
  for (let f = 0; f < k; f++) {
    const scorers = fit(rows.filter((_, i) => folds[i] !== f));
    const testIdx = rows.flatMap((_, i) => (folds[i] === f ? [i] : []));
    const labels = testIdx.map((i) => (rows[i] as LabelledSubscription).churned);
    scorers.forEach((score, s) => {
      const p = testIdx.map((i) => score((rows[i] as LabelledSubscription).attributes));
      (outOfFold[s] ??= new Array<number>(rows.length).fill(0));
      testIdx.forEach((i, n) => ((outOfFold[s] as number[])[i] = p[n] ?? 0));
      (aucs[s] ??= []).push(rocAuc(p, labels));
    });
  }
  return { aucs, outOfFold };
}

/**
 * Outer stratified k-fold: in each fold the blend (its weight and calibration chosen by an inner CV on the training
 * part) and its two members are fitted on the training part only; the tenure-only regression on the same folds.
 */
export function evaluateChurn(rows: LabelledSubscription[], k = 5, seed = 42, options: BlendOptions = {}): ChurnEvalResult {
  if (!Number.isInteger(k) || k < 2) throw new AppError('USAGE', '--folds must be a whole number ≥ 2', { status: 400 });
  const folds = stratifiedFolds(rows.map((r) => r.churned), k, seed);
  const lrWeights: number[] = [];
  const l2s: number[] = [];
  const main = crossScore(rows, folds, k, (train) => {
    const blend = BlendedChurnModel.train(train, { seed, ...options });
    lrWeights.push(blend.parts.lrWeight);
    l2s.push(Number(blend.parts.lr.toJSON().training.l2));
    const { lr, gbm, treeFeatures } = blend.parts;
    return [(a) => blend.probability(a), (a) => lr.probability(a), (a) => gbm.probability(treeRow(treeFeatures, a))];
  });
  const tenure = crossScore(rows, folds, k, (train) => {
    const model = ChurnModel.train(train, { only: ['tenureMonths', 'logTenure'] });
    return [(a) => model.probability(a)];
  });
  const [blendAucs = [], lrAucs = [], gbmAucs = []] = main.aucs;
  return {
    auc: mean(blendAucs),
    aucStd: std(blendAucs),
    ...probabilityScores(main.outOfFold[0] ?? [], rows.map((r) => r.churned)),
    folds: k,
    rows: rows.length,
    model: 'blend of logistic regression and gradient-boosted trees, Platt-calibrated',
    lrWeights,
    l2s,
    baselines: {
      tenureOnly: { auc: mean(tenure.aucs[0] ?? []) },
      lr: { auc: mean(lrAucs), aucStd: std(lrAucs) },
      gbm: { auc: mean(gbmAucs), aucStd: std(gbmAucs) },
    },
  };
}

const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(4));

function printTable(result: ChurnEvalResult, headline: string, out: (line: string) => void): void {
  out('model                              ROC-AUC');
  out(`${headline.padEnd(35)}${f(result.auc)} ± ${f(result.aucStd)}   Brier ${f(result.brier)}   log-loss ${f(result.logLoss)}`);
  for (const [name, b] of Object.entries(result.baselines) as [string, { auc: number; aucStd?: number }][]) out(`baseline: ${name.padEnd(25)}${f(b.auc)}${b.aucStd === undefined ? '' : ` ± ${f(b.aucStd)}`}`);
}

export async function runChurnEvalCommand(argv: string[], out: (line: string) => void): Promise<ChurnEvalResult> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, retail: { type: 'string' }, folds: { type: 'string' }, save: { type: 'boolean' }, 'models-dir': { type: 'string' }, engineered: { type: 'boolean' }, l2: { type: 'string' } } });
  const k = values.folds ? Number(values.folds) : 5;
  if (values.retail) {
    const lines = await readTransactions(values.retail);
    const data = retailDataset(lines);
    const result = evaluateRetailChurn(data, k);
    out(`Retail churn (no purchase in the last 90 days of the data; features from before ${result.cutoff.slice(0, 10)} only), stratified ${result.folds}-fold (seed 42) on ${result.rows} customers, churn rate ${(result.churnRate * 100).toFixed(1)}%:`);
    printTable(result, 'gradient-boosted trees', out);
    if (values.save) {
      const saved = trainAndSaveRetailChurn(lines, { source: basename(values.retail), modelsDir: values['models-dir'] ?? 'models', logger: silentLogger, evaluation: result });
      out(`Retail churn model ${saved.file.version} → ${saved.path}`);
    }
    return result;
  }
  if (!values.data) throw new AppError('USAGE', 'usage: churn-eval --data <telco csv> [--engineered] [--l2 1e-4,1e-3] | --retail <transactions csv> [--save] [--folds 5] [--json]', { status: 400 });
  const rows = await readTelcoLabelled(values.data);
  // --engineered and --l2 1e-4,1e-3,1e-2 reproduce the attempts README lists; the default is the shipped setting.
  const l2Candidates = values.l2 ? values.l2.split(',').map(Number) : undefined;
  if (l2Candidates?.some((x) => !(x > 0))) throw new AppError('USAGE', '--l2 takes positive numbers separated by commas, e.g. 1e-4,1e-3,1e-2', { status: 400 });
  const result = evaluateChurn(rows, k, 42, { ...(values.engineered ? { engineered: true } : {}), ...(l2Candidates ? { l2Candidates } : {}) });
  out(`Churn model, stratified ${result.folds}-fold (seed 42) on ${result.rows} customers (LR weight chosen per fold: ${result.lrWeights.join(', ')}; LR L2: ${result.l2s.join(', ')}):`);
  printTable(result, 'blend LR + GBM, Platt-calibrated', out);
  return result;
}
