// Trains and evaluates the churn model: stratified k-fold ROC-AUC with a fixed seed, then a final fit on all rows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { ChurnModel, CHURN_MODEL_FILE, type LabelledSubscription } from './churn-model.js';
import { readCsvRows } from './csv-rows.js';
import { TELCO_COLUMNS, TelcoRowSchema, telcoAttributes } from './telco-rows.js';

/** ROC-AUC by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function rocAuc(scores: number[], labels: boolean[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i] ?? false })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.s === order[i]?.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (order[k]?.y) { rankSum += rank; positives++; }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Deterministic stratified fold assignment (seeded shuffle within each class). */
export function stratifiedFolds(labels: boolean[], k: number, seed = 42): number[] {
  let state = seed >>> 0;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const folds = new Array<number>(labels.length).fill(0);
  for (const cls of [true, false]) {
    const idx = labels.flatMap((y, i) => (y === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [idx[i], idx[j]] = [idx[j] ?? 0, idx[i] ?? 0];
    }
    idx.forEach((row, n) => (folds[row] = n % k));
  }
  return folds;
}

export function crossValidate(rows: LabelledSubscription[], k = 5) {
  const labels = rows.map((r) => r.churned);
  const folds = stratifiedFolds(labels, k);
  const aucs: number[] = [];
  for (let f = 0; f < k; f++) {
    const model = ChurnModel.train(rows.filter((_, i) => folds[i] !== f));
    const test = rows.filter((_, i) => folds[i] === f);
    aucs.push(rocAuc(test.map((r) => model.probability(r.attributes)), test.map((r) => r.churned)));
  }
  const auc = aucs.reduce((a, b) => a + b, 0) / k;
  const aucStd = Math.sqrt(aucs.reduce((a, b) => a + (b - auc) ** 2, 0) / k);
  return { auc, aucStd, folds: k, foldAucs: aucs };
}

export async function readTelcoLabelled(path: string): Promise<LabelledSubscription[]> {
  const rows: LabelledSubscription[] = [];
  for await (const { row } of readCsvRows(path, TelcoRowSchema, { required: TELCO_COLUMNS, onBad: () => undefined })) {
    rows.push({ attributes: telcoAttributes(row), churned: row.Churn === 'Yes' });
  }
  return rows;
}

export async function trainAndSaveChurnModel(options: { rows: LabelledSubscription[]; source: string; modelsDir: string; logger: Logger; out?: (line: string) => void }) {
  const cv = crossValidate(options.rows);
  const model = ChurnModel.train(options.rows, { training: { source: options.source, cvAuc: cv.auc, cvAucStd: cv.aucStd, folds: cv.folds, seed: 42 } });
  const path = join(options.modelsDir, CHURN_MODEL_FILE);
  writeFileSync(path, `${JSON.stringify(model.toJSON(), null, 1)}\n`);
  options.out?.(`Churn model: ${options.rows.length} customers from ${options.source}; ${cv.folds}-fold ROC-AUC ${cv.auc.toFixed(3)} ± ${cv.aucStd.toFixed(3)} → ${path}`);
  options.logger.info('churn.model.trained', { rows: options.rows.length, auc: cv.auc });
  return { path, metrics: { rows: options.rows.length, auc: cv.auc, aucStd: cv.aucStd, folds: cv.folds } };
}
