// The shipped churn model: logistic regression and gradient-boosted trees blended in log-odds, then Platt-calibrated.
// The blend weight and the calibration are chosen by an inner cross-validation on the training rows only, so an
// outer evaluation never lets the test fold choose anything.
import type { SubscriptionAttributes } from '../store/ports.js';
import { explainDrivers } from './churn-drivers.js';
import { ChurnModel, featureSpace, rawValue, type Feature, type LabelledSubscription } from './churn-model.js';
import { BoostedTrees, type BoostingOptions } from './gradient-boosting.js';
import { applyPlatt, fitPlatt, type Platt } from './platt-scaling.js';
import { rocAuc, stratifiedFolds } from './cv-metrics.js';
import type { ChurnRisk } from './types.js';

export interface BlendParts {
  lr: ChurnModel;
  gbm: BoostedTrees;
  /** Raw (unstandardised) feature specs the trees split on. */
  treeFeatures: Feature[];
  /** Weight of the logistic regression's log-odds; the trees get 1 − lrWeight. */
  lrWeight: number;
  calibration: Platt;
  /** Shown with every score, e.g. "churn-blend@2026-11-23-1a2b3c4d". */
  name?: string;
}

export interface BlendOptions {
  seed?: number;
  innerFolds?: number;
  boosting?: Partial<BoostingOptions>;
  /** Tree settings to choose from by the same inner CV (with the blend weight); `boosting` alone when absent. */
  boostingCandidates?: Partial<BoostingOptions>[];
  /** Fixed weight instead of choosing one (1 = logistic regression only, 0 = trees only). */
  lrWeight?: number;
  /**
   * Gives the regression the engineered features of churn-engineered.ts. Off by default: on the telco data they
   * did not raise the 5-fold AUC (README, "Churn risk"), the regression already has log tenure and charge per month.
   */
  engineered?: boolean | readonly string[];
  /** L2 penalties for the regression, chosen by the same inner CV (before the blend weight); default 1e-3 only. */
  l2Candidates?: number[];
}

/** Candidate blend weights, coarse on purpose: finer steps would fit the inner folds' noise. */
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export const treeRow = (features: Feature[], a: SubscriptionAttributes) => features.map((f) => rawValue(a, f));

/** Fits both members on the rows (no blending, no calibration). */
export function fitMembers(rows: LabelledSubscription[], options: BlendOptions = {}, candidates: Partial<BoostingOptions>[] = [options.boosting ?? {}], l2s: number[] = [options.l2Candidates?.[0] ?? 1e-3]) {
  const treeFeatures = featureSpace(rows.map((r) => r.attributes));
  const lrs = l2s.map((l2) => ChurnModel.train(rows, { l2, engineered: options.engineered ?? false }));
  const X = rows.map((r) => treeRow(treeFeatures, r.attributes));
  const y = rows.map((r) => (r.churned ? 1 : 0));
  const gbms = candidates.map((c) => BoostedTrees.train(X, y, { seed: options.seed ?? 42, ...c }));
  return { lr: lrs[0] as ChurnModel, lrs, gbm: gbms[0] as BoostedTrees, gbms, treeFeatures };
}

export class BlendedChurnModel {
  constructor(readonly parts: BlendParts) {}

  static train(rows: LabelledSubscription[], options: BlendOptions = {}): BlendedChurnModel {
    const seed = options.seed ?? 42;
    const k = options.innerFolds ?? 3;
    const labels = rows.map((r) => r.churned);
    const folds = stratifiedFolds(labels, k, seed + 1);
    const candidates = options.boostingCandidates ?? [options.boosting ?? {}];
    const l2s = options.l2Candidates ?? [1e-3];
    const zLrs = l2s.map(() => new Array<number>(rows.length).fill(0));
    const zGbm = candidates.map(() => new Array<number>(rows.length).fill(0));
    for (let f = 0; f < k; f++) {
      const inner = fitMembers(rows.filter((_, i) => folds[i] !== f), options, candidates, l2s);
      rows.forEach((r, i) => {
        if (folds[i] !== f) return;
        inner.lrs.forEach((m, c) => ((zLrs[c] as number[])[i] = m.margin(r.attributes)));
        inner.gbms.forEach((g, c) => ((zGbm[c] as number[])[i] = g.margin(treeRow(inner.treeFeatures, r.attributes))));
      });
    }
    // The penalty is chosen on the regression's own inner AUC, then the blend weight with it fixed.
    const lrAucs = zLrs.map((z) => rocAuc(z, labels));
    const l2 = l2s[lrAucs.indexOf(Math.max(...lrAucs))] ?? 1e-3;
    const zLr = zLrs[l2s.indexOf(l2)] ?? [];
    let lrWeight = options.lrWeight ?? 1;
    let chosen = 0;
    let best = -Infinity;
    zGbm.forEach((zg, c) => {
      for (const w of options.lrWeight === undefined ? WEIGHTS : [options.lrWeight]) {
        const auc = rocAuc(zLr.map((z, i) => w * z + (1 - w) * (zg[i] ?? 0)), labels);
        if (auc > best + 1e-9) [best, lrWeight, chosen] = [auc, w, c];
      }
    });
    const zg = zGbm[chosen] ?? [];
    const calibration = fitPlatt(zLr.map((z, i) => lrWeight * z + (1 - lrWeight) * (zg[i] ?? 0)), labels.map((y) => (y ? 1 : 0)));
    const { lr, gbm, treeFeatures } = fitMembers(rows, options, [candidates[chosen] ?? {}], [l2]);
    return new BlendedChurnModel({ lr, gbm, treeFeatures, lrWeight, calibration });
  }

  /** Blended log-odds before calibration. */
  margin(a: SubscriptionAttributes): number {
    const { lr, gbm, treeFeatures, lrWeight } = this.parts;
    return lrWeight * lr.margin(a) + (1 - lrWeight) * gbm.margin(treeRow(treeFeatures, a));
  }

  probability(a: SubscriptionAttributes): number {
    return applyPlatt(this.parts.calibration, this.margin(a));
  }

  /**
   * Per-attribute contributions to the calibrated log-odds: the regression's weight × value terms and the trees'
   * Saabas path contributions, each scaled by its blend weight and the calibration slope.
   */
  contributions(a: SubscriptionAttributes): Map<string, number> {
    const { lr, gbm, treeFeatures, lrWeight, calibration } = this.parts;
    const out = new Map<string, number>();
    const add = (attribute: string, c: number) => out.set(attribute, (out.get(attribute) ?? 0) + c * calibration.slope);
    for (const [attribute, c] of lr.contributions(a)) add(attribute, lrWeight * c);
    const { byFeature } = gbm.contributions(treeRow(treeFeatures, a), treeFeatures.length);
    treeFeatures.forEach((f, j) => add(f.attribute, (1 - lrWeight) * (byFeature[j] ?? 0)));
    return out;
  }

  score(a: SubscriptionAttributes): ChurnRisk {
    const probability = this.probability(a);
    const band = probability >= 0.6 ? 'high' : probability >= 0.3 ? 'medium' : 'low';
    return { probability: Math.round(probability * 1000) / 1000, band, drivers: explainDrivers(this.contributions(a), a), model: this.parts.name ?? 'churn-blend' };
  }
}
