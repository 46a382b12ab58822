// The shipped churn model: logistic regression and gradient-boosted trees blended in log-odds, then Platt-calibrated.
// The blend weight and the calibration are chosen by an inner cross-validation on the training rows only, so an
// outer evaluation never lets the test fold choose anything.
import type { SubscriptionAttributes } from '../store/ports.js';
import { explainDrivers } from './churn-drivers.js';
import { ChurnModel, featureSpace, rawValue, type Feature, type LabelledSubscription } from './churn-model.js';
import { BoostedTrees, type BoostingOptions } from './gradient-boosting.js';
import type { AdditiveBooster, AdditiveOptions } from './additive-boosting.js';
import { additiveContributions, additiveRow, trainAdditiveChurn } from './churn-additive.js';
import { applyPlatt, fitPlatt, type Platt } from './platt-scaling.js';
import { rocAuc, stratifiedFolds } from './cv-metrics.js';
import type { ChurnRisk } from './types.js';

export interface BlendParts {
  lr: ChurnModel;
  gbm: BoostedTrees;
  /** Raw (unstandardised) feature specs the trees split on. */
  treeFeatures: Feature[];
  /** Weight of the logistic regression's log-odds; the trees get 1 − lrWeight − ebmWeight. */
  lrWeight: number;
  /** The additive booster (EBM) and its weight, when it is a member. */
  ebm?: AdditiveBooster;
  ebmWeight?: number;
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
  /** Members whose weights the inner CV chooses on a 0.1 simplex grid; default the regression and the trees. */
  members?: readonly BlendMember[];
  additive?: Partial<AdditiveOptions>;
}

/** Candidate blend weights, coarse on purpose: finer steps would fit the inner folds' noise. */
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** Members a blend can add up in log-odds: the regression, the trees and the additive booster (EBM). */
export type BlendMember = 'lr' | 'gbm' | 'ebm';
export type BlendWeights = Record<BlendMember, number>;

/**
 * Every weighting of the members on a 0.1 simplex grid, the regression's weight ascending first (so two members
 * are tried in the order the LR + trees blend always used).
 */
export function weightGrid(members: readonly BlendMember[]): BlendWeights[] {
  const has = (m: BlendMember) => members.includes(m);
  const grid: BlendWeights[] = [];
  for (let lr = 0; lr <= 10; lr++) {
    for (let ebm = 0; ebm <= 10 - lr; ebm++) {
      const gbm = 10 - lr - ebm;
      if ((!has('lr') && lr > 0) || (!has('ebm') && ebm > 0) || (!has('gbm') && gbm > 0)) continue;
      grid.push({ lr: WEIGHTS[lr] ?? 0, ebm: WEIGHTS[ebm] ?? 0, gbm: WEIGHTS[gbm] ?? 0 });
    }
  }
  return grid;
}

/** Members' log-odds added up with the weights. */
export function blendMargins(margins: Partial<Record<BlendMember, number[]>>, w: BlendWeights, n: number): number[] {
  return Array.from({ length: n }, (_, i) => w.lr * (margins.lr?.[i] ?? 0) + w.gbm * (margins.gbm?.[i] ?? 0) + w.ebm * (margins.ebm?.[i] ?? 0));
}

/** The grid weighting with the best AUC on out-of-fold margins (the first one on a tie). */
export function chooseWeights(margins: Partial<Record<BlendMember, number[]>>, labels: boolean[], members: readonly BlendMember[]): BlendWeights {
  let best = -Infinity;
  let chosen = weightGrid(members)[0] as BlendWeights;
  for (const w of weightGrid(members)) {
    const auc = rocAuc(blendMargins(margins, w, labels.length), labels);
    if (auc > best + 1e-9) [best, chosen] = [auc, w];
  }
  return chosen;
}

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
    const members = options.members ?? ['lr', 'gbm'];
    const zEbm = new Array<number>(rows.length).fill(0);
    for (let f = 0; f < k; f++) {
      const train = rows.filter((_, i) => folds[i] !== f);
      const inner = fitMembers(train, options, candidates, l2s);
      const ebm = members.includes('ebm') ? trainAdditiveChurn(train, options.additive) : undefined;
      rows.forEach((r, i) => {
        if (folds[i] !== f) return;
        inner.lrs.forEach((m, c) => ((zLrs[c] as number[])[i] = m.margin(r.attributes)));
        inner.gbms.forEach((g, c) => ((zGbm[c] as number[])[i] = g.margin(treeRow(inner.treeFeatures, r.attributes))));
        if (ebm) zEbm[i] = ebm.margin(additiveRow(r.attributes));
      });
    }
    // The penalty is chosen on the regression's own inner AUC, then the blend weight with it fixed.
    const lrAucs = zLrs.map((z) => rocAuc(z, labels));
    const l2 = l2s[lrAucs.indexOf(Math.max(...lrAucs))] ?? 1e-3;
    const zLr = zLrs[l2s.indexOf(l2)] ?? [];
    let weights: BlendWeights = { lr: 1, gbm: 0, ebm: 0 };
    let chosen = 0;
    let best = -Infinity;
    zGbm.forEach((zg, c) => {
      const margins = { lr: zLr, gbm: zg, ebm: zEbm };
      const w = options.lrWeight === undefined ? chooseWeights(margins, labels, members) : { lr: options.lrWeight, gbm: 1 - options.lrWeight, ebm: 0 };
      const auc = rocAuc(blendMargins(margins, w, rows.length), labels);
      if (auc > best + 1e-9) [best, weights, chosen] = [auc, w, c];
    });
    const calibration = fitPlatt(blendMargins({ lr: zLr, gbm: zGbm[chosen] ?? [], ebm: zEbm }, weights, rows.length), labels.map((y) => (y ? 1 : 0)));
    const { lr, gbm, treeFeatures } = fitMembers(rows, options, [candidates[chosen] ?? {}], [l2]);
    const ebm = members.includes('ebm') ? { ebm: trainAdditiveChurn(rows, options.additive), ebmWeight: weights.ebm } : {};
    return new BlendedChurnModel({ lr, gbm, treeFeatures, lrWeight: weights.lr, calibration, ...ebm });
  }

  /** The members' weights (the trees get what the regression and the EBM leave). */
  get weights(): BlendWeights {
    const ebm = this.parts.ebmWeight ?? 0;
    return { lr: this.parts.lrWeight, ebm, gbm: 1 - this.parts.lrWeight - ebm };
  }

  /** Blended log-odds before calibration. */
  margin(a: SubscriptionAttributes): number {
    const { lr, gbm, treeFeatures, ebm } = this.parts;
    const w = this.weights;
    return w.lr * lr.margin(a) + w.gbm * gbm.margin(treeRow(treeFeatures, a)) + (ebm && w.ebm !== 0 ? w.ebm * ebm.margin(additiveRow(a)) : 0);
  }

  probability(a: SubscriptionAttributes): number {
    return applyPlatt(this.parts.calibration, this.margin(a));
  }

  /**
   * Per-attribute contributions to the calibrated log-odds: the regression's weight × value terms, the trees'
   * Saabas path contributions and the EBM's exact term scores, each scaled by its blend weight and the calibration
   * slope.
   */
  contributions(a: SubscriptionAttributes): Map<string, number> {
    const { lr, gbm, treeFeatures, ebm, calibration } = this.parts;
    const w = this.weights;
    const out = new Map<string, number>();
    const add = (attribute: string, c: number) => out.set(attribute, (out.get(attribute) ?? 0) + c * calibration.slope);
    for (const [attribute, c] of lr.contributions(a)) add(attribute, w.lr * c);
    const { byFeature } = gbm.contributions(treeRow(treeFeatures, a), treeFeatures.length);
    treeFeatures.forEach((f, j) => add(f.attribute, w.gbm * (byFeature[j] ?? 0)));
    if (ebm && w.ebm !== 0) for (const [attribute, c] of additiveContributions(ebm, a)) add(attribute, w.ebm * c);
    return out;
  }

  score(a: SubscriptionAttributes): ChurnRisk {
    const probability = this.probability(a);
    const band = probability >= 0.6 ? 'high' : probability >= 0.3 ? 'medium' : 'low';
    return { probability: Math.round(probability * 1000) / 1000, band, drivers: explainDrivers(this.contributions(a), a), model: this.parts.name ?? 'churn-blend' };
  }
}
