// Retail-behaviour churn model: gradient-boosted trees over purchase-history features (retail-churn-features.ts),
// evaluated by stratified k-fold over customers against single-feature baselines, shipped as
// models/retail-churn-model.json and used at run time for customers who have orders but no subscription.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import type { PurchaseLine } from '../recommend/interactions.js';
import type { Order } from '../store/ports.js';
import type { ChurnEvalResult } from './churn-eval.js';
import { readModelJson } from './churn-model.js';
import { parseModelFile, provenance, provenanceShape } from './model-provenance.js';
import { probabilityScores, rocAuc, stratifiedFolds } from './cv-metrics.js';
import { BoostedTrees, boostedTreesSchema, type BoostingOptions } from './gradient-boosting.js';
import { CHURN_WINDOW_DAYS, RETAIL_FEATURES, customerFeatures, featureRow, retailCutoff, retailFeatures, retailLabels, type RetailFeatures } from './retail-churn-features.js';
import type { ChurnRisk } from './types.js';

export const RETAIL_CHURN_MODEL_FILE = 'retail-churn-model.json';
/** Fewer trees than the telco model: a handful of strong behavioural features, and the file stays small. */
const RETAIL_BOOSTING: Partial<BoostingOptions> = { trees: 150, learningRate: 0.05, maxDepth: 3, minLeaf: 30 };

export interface RetailDataset {
  customers: string[];
  X: number[][];
  labels: boolean[];
  features: RetailFeatures[];
  cutoff: number;
}

export function retailDataset(lines: readonly PurchaseLine[]): RetailDataset {
  const cutoff = retailCutoff(lines);
  const byCustomer = retailFeatures(lines, cutoff);
  const customers = [...byCustomer.keys()].sort();
  const labels = retailLabels(lines, cutoff, customers);
  const features = customers.map((c) => byCustomer.get(c) as RetailFeatures);
  return { customers, features, X: features.map(featureRow), labels: customers.map((c) => labels.get(c) ?? true), cutoff };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

export type RetailEvalResult = ChurnEvalResult & { cutoff: string; churnRate: number };

/** Stratified k-fold over customers: trees fitted on the training customers; baselines need no fitting. */
export function evaluateRetailChurn(data: RetailDataset, k = 5, seed = 42): RetailEvalResult {
  if (!Number.isInteger(k) || k < 2) throw new AppError('USAGE', '--folds must be a whole number ≥ 2', { status: 400 });
  const folds = stratifiedFolds(data.labels, k, seed);
  const y = data.labels.map((l) => (l ? 1 : 0));
  const aucs: number[] = [];
  const oof = new Array<number>(data.X.length).fill(0);
  for (let f = 0; f < k; f++) {
    const train = data.X.flatMap((x, i) => (folds[i] !== f ? [i] : []));
    const model = BoostedTrees.train(train.map((i) => data.X[i] ?? []), train.map((i) => y[i] ?? 0), { ...RETAIL_BOOSTING, seed });
    const test = data.X.flatMap((x, i) => (folds[i] === f ? [i] : []));
    const p = test.map((i) => model.probability(data.X[i] ?? []));
    test.forEach((i, n) => (oof[i] = p[n] ?? 0));
    aucs.push(rocAuc(p, test.map((i) => data.labels[i] ?? false)));
  }
  // Single-feature baselines, direction fixed in advance: longer since the last order, shorter history, fewer orders → churn.
  const perFold = (score: (r: RetailFeatures) => number) =>
    mean(Array.from({ length: k }, (_, f) => {
      const test = data.features.flatMap((r, i) => (folds[i] === f ? [i] : []));
      return rocAuc(test.map((i) => score(data.features[i] as RetailFeatures)), test.map((i) => data.labels[i] ?? false));
    }));
  const auc = mean(aucs);
  return {
    auc,
    aucStd: std(aucs),
    ...probabilityScores(oof, data.labels),
    folds: k,
    rows: data.X.length,
    model: 'gradient-boosted trees on purchase behaviour before the cut-off',
    lrWeights: [],
    l2s: [],
    cutoff: new Date(data.cutoff).toISOString(),
    churnRate: mean(y),
    baselines: {
      tenureOnly: { auc: perFold((r) => -r.tenureDays) },
      recencyOnly: { auc: perFold((r) => r.recencyDays) },
      frequencyOnly: { auc: perFold((r) => -r.frequency) },
    },
  };
}

const retailFileSchema = z.object({
  kind: z.literal('retail-churn-gbm'),
  ...provenanceShape,
  windowDays: z.number(),
  features: z.array(z.enum(RETAIL_FEATURES)),
  gbm: boostedTreesSchema,
  metrics: z.object({ cvRocAuc: z.number(), cvRocAucStd: z.number(), brier: z.number(), logLoss: z.number(), folds: z.number(), rows: z.number(), cutoff: z.string(), baselines: z.record(z.string(), z.object({ auc: z.number() }).passthrough()) }),
});
export type RetailChurnFile = z.infer<typeof retailFileSchema>;

/** Orders as purchase lines (a cancelled or returned order counts as returned value). */
export function ordersToLines(orders: readonly Order[]): PurchaseLine[] {
  return orders.flatMap((o) =>
    o.lines.map((l) => ({
      customerId: o.customerId,
      invoiceId: o.status === 'cancelled' || o.status === 'returned' ? `C${o.id}` : o.id,
      timestamp: Date.parse(o.placedAt),
      itemId: l.productId,
      description: l.description,
      quantity: o.status === 'cancelled' || o.status === 'returned' ? -Math.abs(l.quantity) : l.quantity,
      unitPrice: l.unitPrice,
    })),
  );
}

export class RetailChurnModel {
  private readonly gbm: BoostedTrees;
  constructor(readonly file: RetailChurnFile) {
    this.gbm = new BoostedTrees(file.gbm);
  }

  /** Risk from a customer's orders as of `now` (their purchase history up to now plays the part of "before the cut-off"). */
  score(orders: readonly Order[], now: Date): ChurnRisk | null {
    const f = customerFeatures(ordersToLines(orders), now.getTime());
    if (!f) return null;
    const probability = this.gbm.probability(featureRow(f));
    const band = probability >= 0.6 ? 'high' : probability >= 0.3 ? 'medium' : 'low';
    const drivers = [`last order ${Math.round(f.recencyDays)} days ago`, `${f.frequency} order${f.frequency === 1 ? '' : 's'} in ${Math.round(f.tenureDays)} days`];
    if (f.gapTrend > 1.5) drivers.push('ordering less often than before');
    return { probability: Math.round(probability * 1000) / 1000, band, drivers, model: `retail-churn-gbm@${this.file.version}` };
  }
}

export function trainAndSaveRetailChurn(lines: readonly PurchaseLine[], o: { source: string; modelsDir: string; logger: Logger; evaluation: RetailEvalResult; now?: Date }) {
  const data = retailDataset(lines);
  const gbm = BoostedTrees.train(data.X, data.labels.map((l) => (l ? 1 : 0)), { ...RETAIL_BOOSTING, seed: 42 });
  const hash = createHash('sha256');
  for (const l of lines) hash.update(`${l.customerId},${l.invoiceId},${l.timestamp},${l.itemId},${l.quantity},${l.unitPrice}\n`);
  const dataHash = `sha256:${hash.digest('hex')}`;
  const now = o.now ?? new Date();
  const e = o.evaluation;
  const parameters = { windowDays: CHURN_WINDOW_DAYS, features: [...RETAIL_FEATURES], gbm: gbm.file };
  const file: RetailChurnFile = {
    kind: 'retail-churn-gbm',
    ...provenance(now, dataHash, o.source, parameters),
    ...parameters,
    metrics: { cvRocAuc: e.auc, cvRocAucStd: e.aucStd, brier: e.brier, logLoss: e.logLoss, folds: e.folds, rows: e.rows, cutoff: e.cutoff, baselines: e.baselines },
  };
  mkdirSync(o.modelsDir, { recursive: true });
  const path = join(o.modelsDir, RETAIL_CHURN_MODEL_FILE);
  writeFileSync(path, `${JSON.stringify(file)}\n`);
  o.logger.info('churn.retail.trained', { version: file.version, rows: e.rows, auc: e.auc });
  return { path, file };
}

/** Loads models/retail-churn-model.json; null when absent (customers without a subscription then get no score). */
export function loadRetailChurnModel(modelsDir: string, logger: Logger): RetailChurnModel | null {
  const path = join(modelsDir, RETAIL_CHURN_MODEL_FILE);
  if (!existsSync(path)) return null;
  const json = readModelJson(path);
  const file = parseModelFile(json, retailFileSchema, 'retail churn model', path);
  logger.info('churn.retail.loaded', { version: file.version, cvRocAuc: file.metrics.cvRocAuc });
  return new RetailChurnModel(file);
}
