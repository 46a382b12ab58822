// Trains and evaluates the churn model: stratified k-fold ROC-AUC with a fixed seed, then a final fit on all rows.
import { AppError } from '../app-error.js';
import { ChurnModel, type LabelledSubscription } from './churn-model.js';
import { readCsvRows, type BadRow } from './csv-rows.js';
import { loadDemoSample, type DemoSample } from './demo-sample.js';
import { TELCO_COLUMNS, TelcoRowSchema, telcoAttributes } from './telco-rows.js';
import { rocAuc, stratifiedFolds } from './cv-metrics.js';

const FOLDS = 5;
const SEED = 42;

export { rocAuc, stratifiedFolds };

export function crossValidate(rows: LabelledSubscription[], k = FOLDS, seed = SEED) {
  const labels = rows.map((r) => r.churned);
  const folds = stratifiedFolds(labels, k, seed);
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

/** Labelled rows of a Telco-format CSV; a bad row stops training (an import reports them instead). */
export async function readTelcoLabelled(path: string): Promise<LabelledSubscription[]> {
  const rows: LabelledSubscription[] = [];
  const onBad = (bad: BadRow) => {
    throw new AppError('CHURN_TRAIN_BAD_ROW', `${path} line ${bad.line}: ${bad.reason}`, { status: 400 });
  };
  for await (const { row } of readCsvRows(path, TelcoRowSchema, { required: TELCO_COLUMNS, onBad })) {
    rows.push({ attributes: telcoAttributes(row), churned: row.Churn === 'Yes' });
  }
  return rows;
}

export function demoChurnRows(sample: DemoSample): LabelledSubscription[] {
  return sample.customers.flatMap((c) => (c.subscription.churned === undefined ? [] : [{ attributes: c.subscription, churned: c.subscription.churned }]));
}

/** Cross-validates (stratified 5-fold, seed 42), then fits on every row; the figures travel in the model file. */
export function trainWithMetrics(rows: LabelledSubscription[], source: string, now = new Date()): ChurnModel {
  const cv = crossValidate(rows, FOLDS);
  return ChurnModel.train(rows, {
    now,
    training: { source },
    metrics: { cvRocAuc: cv.auc, cvRocAucStd: cv.aucStd, folds: cv.folds, seed: SEED, rows: rows.length },
  });
}

/** The churn model trained on the shipped demo sample's telco rows (what `npm run train` uses by default). */
export function trainDemoChurnModel(sample: DemoSample = loadDemoSample(), now = new Date()): ChurnModel {
  return trainWithMetrics(demoChurnRows(sample), 'demo sample (src/crm/demo/demo-sample.json)', now);
}
