// models/churn-model.json: the shipped churn model (LR + GBM blend) with its version, training date, a hash of the
// data it was trained on, the feature list and its cross-validated metrics. Written by `cli churn-train`, validated
// with zod when loaded. Files from before the blend (kind "churn-logreg") still load.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { SubscriptionAttributes } from '../store/ports.js';
import { BlendedChurnModel } from './churn-blend.js';
import { evaluateChurn, type ChurnEvalResult } from './churn-eval.js';
import { CHURN_MODEL_FILE, ChurnModel, churnLogregSchema, readModelJson, type LabelledSubscription } from './churn-model.js';
import { BoostedTrees, boostedTreesSchema } from './gradient-boosting.js';
import { parseModelFile, provenance, provenanceShape } from './model-provenance.js';
import type { ChurnRisk } from './types.js';

/** What the conversation and the agent console need from any churn model. */
export interface ChurnScorer {
  probability(a: SubscriptionAttributes): number;
  score(a: SubscriptionAttributes): ChurnRisk;
}

const featureSchema = z.object({ name: z.string(), attribute: z.string(), value: z.string().optional(), mean: z.number(), std: z.number() });

export const blendFileSchema = z.object({
  kind: z.literal('churn-blend'),
  ...provenanceShape,
  /** Attributes the model reads (gender is never one of them). */
  features: z.array(z.string()),
  lrWeight: z.number().min(0).max(1),
  calibration: z.object({ slope: z.number(), intercept: z.number() }),
  lr: churnLogregSchema,
  gbm: boostedTreesSchema.extend({ features: z.array(featureSchema) }),
  metrics: z.object({
    cvRocAuc: z.number(),
    cvRocAucStd: z.number(),
    brier: z.number(),
    logLoss: z.number(),
    folds: z.number(),
    seed: z.number(),
    rows: z.number(),
    baselines: z.record(z.string(), z.object({ auc: z.number() }).passthrough()),
  }),
});
export type ChurnBlendFile = z.infer<typeof blendFileSchema>;

/** A stable hash of labelled rows (attribute order fixed by sorting keys), so the same data gives the same hash. */
export function hashRows(rows: LabelledSubscription[]): string {
  const hash = createHash('sha256');
  for (const r of rows) {
    const a = r.attributes as unknown as Record<string, unknown>;
    hash.update(JSON.stringify(Object.keys(a).sort().map((k) => [k, a[k]])));
    hash.update(r.churned ? '1\n' : '0\n');
  }
  return `sha256:${hash.digest('hex')}`;
}

export function toBlendFile(model: BlendedChurnModel, meta: { now: Date; source: string; dataHash: string; evaluation: ChurnEvalResult; seed: number }): ChurnBlendFile {
  const { lr, gbm, treeFeatures, lrWeight, calibration } = model.parts;
  const e = meta.evaluation;
  const parameters = { features: [...new Set(treeFeatures.map((f) => f.attribute))], lrWeight, calibration, lr: lr.toJSON(), gbm: { ...gbm.file, features: treeFeatures } };
  return {
    kind: 'churn-blend',
    ...provenance(meta.now, meta.dataHash, meta.source, { ...parameters, lr: { ...parameters.lr, trainedAt: undefined } }),
    ...parameters,
    metrics: { cvRocAuc: e.auc, cvRocAucStd: e.aucStd, brier: e.brier, logLoss: e.logLoss, folds: e.folds, seed: meta.seed, rows: e.rows, baselines: e.baselines },
  };
}

export function blendFromFile(file: ChurnBlendFile): BlendedChurnModel {
  const { features, ...trees } = file.gbm;
  return new BlendedChurnModel({
    lr: ChurnModel.fromJSON(file.lr),
    gbm: new BoostedTrees(trees),
    treeFeatures: features,
    lrWeight: file.lrWeight,
    calibration: file.calibration,
    name: `churn-blend@${file.version}`,
  });
}

/** Loads models/churn-model.json (blend or the older logistic regression); null when there is none. */
export function loadChurnScorer(modelsDir: string, logger: Logger): ChurnScorer | null {
  const path = join(modelsDir, CHURN_MODEL_FILE);
  if (!existsSync(path)) {
    logger.warn('churn.model.missing', { path, note: 'churn risk is not shown until `npm run cli -- churn-train` has run' });
    return null;
  }
  const json = readModelJson(path);
  if ((json as { kind?: unknown } | null)?.kind === 'churn-logreg') {
    const model = ChurnModel.fromJSON(json);
    logger.info('churn.model.loaded', { kind: 'churn-logreg', trainedAt: model.toJSON().trainedAt });
    return model;
  }
  const file = parseModelFile(json, blendFileSchema, 'churn model', path);
  logger.info('churn.model.loaded', { kind: 'churn-blend', version: file.version, cvRocAuc: file.metrics.cvRocAuc });
  return blendFromFile(file);
}

export interface TrainBlendOptions {
  rows: LabelledSubscription[];
  source: string;
  modelsDir: string;
  logger: Logger;
  out?: (line: string) => void;
  now?: Date;
  folds?: number;
}

/** Evaluates (stratified k-fold, seed 42), fits on every row, writes models/churn-model.json. */
export function trainAndSaveBlend(o: TrainBlendOptions): { path: string; file: ChurnBlendFile } {
  const seed = 42;
  const evaluation = evaluateChurn(o.rows, o.folds ?? 5, seed);
  const model = BlendedChurnModel.train(o.rows, { seed });
  const file = toBlendFile(model, { now: o.now ?? new Date(), source: o.source, dataHash: hashRows(o.rows), evaluation, seed });
  mkdirSync(o.modelsDir, { recursive: true });
  const path = join(o.modelsDir, CHURN_MODEL_FILE);
  writeFileSync(path, `${JSON.stringify(file)}\n`);
  const m = file.metrics;
  o.out?.(`Churn model ${file.version}: ${m.rows} customers from ${file.source}; ${m.folds}-fold ROC-AUC ${m.cvRocAuc.toFixed(4)} ± ${m.cvRocAucStd.toFixed(4)} (LR weight ${file.lrWeight}) → ${path}`);
  o.logger.info('churn.model.trained', { version: file.version, rows: m.rows, auc: m.cvRocAuc });
  return { path, file };
}
