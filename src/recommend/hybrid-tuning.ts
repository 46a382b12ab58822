// Tunes the hybrid's weights, half-life and kNN neighbourhood size on a validation split made from training data
// only (each customer's last training invoice is held out, the rest is fitted). Every component is fitted once;
// for each validation customer the per-component normalised scores of a candidate pool (the union of every
// component's top 50) are cached, so trying a weight setting is a cheap re-ranking. Search: coordinate ascent over
// a fixed grid, repeat weight pinned at 1 (only ratios matter), maximising mean NDCG@10 with repeats as hits.
import { createComponent, normaliseMax, type ComponentName, type HybridConfig } from './hybrid.js';
import type { Basket, Interactions } from './interactions.js';
import { ndcg } from './metrics.js';
import { relevantItems } from './offline-eval.js';
import { historyOf, topK } from './types.js';

export interface TuningOptions {
  halfLives?: number[];
  neighbours?: number[];
  grid?: number[];
  /** Components to consider (default: all but EASE, which costs an O(n³) fit). */
  components?: ComponentName[];
  passes?: number;
  /**
   * Also tune a "discovery" setting: items the customer bought before are masked out of the ranking and of the
   * held-out basket, as in the repeats-excluded evaluation (for "show me something new").
   */
  discovery?: boolean;
  log?: (line: string) => void;
}

export interface TuningResult {
  config: HybridConfig;
  validationNdcg: number;
  users: number;
  trials: number;
}

export interface HybridTuning {
  repeats: TuningResult;
  discovery?: TuningResult;
}

interface UserPool {
  /** features[f * size + c]: feature f's normalised score of candidate c. */
  features: Float64Array;
  size: number;
  relevantMask: Uint8Array;
  relevantCount: number;
}

const POOL_PER_COMPONENT = 50;

/** Where the search starts (fixed, so a run's result does not depend on the shipped defaults). */
export const TUNING_START: HybridConfig = {
  weights: { repeat: 1, itemKnn: 0.3, content: 0.2, rules: 0.1, ease: 0, popularity: 0.05 },
  halfLifeDays: 180,
  knnNeighbours: 50,
  easeLambda: 200,
  popularityWindowDays: 30,
};

export function tuneHybrid(data: Interactions, heldOut: ReadonlyMap<string, Basket>, base: HybridConfig = TUNING_START, options: TuningOptions = {}): HybridTuning {
  const halfLives = options.halfLives ?? [30, 90, 180, 365, Infinity];
  const neighbours = options.neighbours ?? [20, 50, 100, Infinity];
  const grid = options.grid ?? [0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5];
  const names = (options.components ?? ['repeat', 'itemKnn', 'content', 'rules', 'popularity']).filter((n) => n !== 'repeat');
  // Feature columns: one per half-life, one per neighbourhood size, then one per other component.
  const models = [
    ...halfLives.map((h) => createComponent('repeat', { ...base, halfLifeDays: h })),
    ...(names.includes('itemKnn') ? neighbours.map((k) => createComponent('itemKnn', { ...base, knnNeighbours: k })) : []),
    ...names.filter((n) => n !== 'itemKnn').map((n) => createComponent(n, base)),
  ];
  const others = names.filter((n) => n !== 'itemKnn');
  for (const m of models) m.fit(data);
  const n = data.items.length;
  const pools: UserPool[] = [];
  const discoveryPools: UserPool[] = [];
  const buffers = models.map(() => new Float64Array(n));
  const mask = new Uint8Array(n);
  for (const [customerId, basket] of heldOut) {
    const history = historyOf(data, customerId);
    const relevant = relevantItems(data, basket);
    models.forEach((m, f) => {
      m.scoreInto(history, buffers[f]!, basket.time);
      normaliseMax(buffers[f]!);
    });
    pools.push(buildPool(buffers, relevant));
    if (options.discovery) {
      for (const i of history.items) {
        mask[i] = 1;
        relevant.delete(i);
      }
      if (relevant.size > 0) discoveryPools.push(buildPool(buffers, relevant, mask));
      for (const i of history.items) mask[i] = 0;
    }
  }
  const search = (label: string, userPools: UserPool[], start: HybridConfig): TuningResult =>
    coordinateAscent(label, userPools, start, { halfLives, neighbours, grid, names, others, passes: options.passes ?? 3, log: options.log });
  const start: HybridConfig = {
    ...base,
    halfLifeDays: halfLives.includes(base.halfLifeDays) ? base.halfLifeDays : halfLives[0]!,
    knnNeighbours: neighbours.includes(base.knnNeighbours) ? base.knnNeighbours : neighbours[0]!,
    weights: { ...base.weights, repeat: 1 },
  };
  for (const name of ['itemKnn', 'content', 'rules', 'ease', 'popularity'] as const) if (!names.includes(name)) start.weights[name] = 0;
  const repeats = search('repeats count', pools, start);
  // Repeat scores are masked away in discovery, so its weight is irrelevant there: pin it to 0.
  const discovery = options.discovery ? search('discovery', discoveryPools, { ...repeats.config, weights: { ...repeats.config.weights, repeat: 0 } }) : undefined;
  return discovery ? { repeats, discovery } : { repeats };
}

function buildPool(buffers: readonly Float64Array[], relevant: ReadonlySet<number>, mask?: Uint8Array): UserPool {
  const pool = new Set<number>();
  for (const b of buffers) for (const i of topK(b, POOL_PER_COMPONENT, mask)) pool.add(i);
  const candidates = Int32Array.from(pool).sort();
  const size = candidates.length;
  const features = new Float64Array(buffers.length * size);
  buffers.forEach((b, f) => candidates.forEach((i, c) => (features[f * size + c] = b[i]!)));
  return { features, size, relevantMask: Uint8Array.from(candidates, (i) => (relevant.has(i) ? 1 : 0)), relevantCount: relevant.size };
}

interface SearchSpace {
  halfLives: number[];
  neighbours: number[];
  grid: number[];
  names: ComponentName[];
  others: ComponentName[];
  passes: number;
  log: ((line: string) => void) | undefined;
}

function coordinateAscent(label: string, pools: UserPool[], start: HybridConfig, space: SearchSpace): TuningResult {
  const { halfLives, neighbours, grid, names, others } = space;
  const featureCount = halfLives.length + (names.includes('itemKnn') ? neighbours.length : 0) + others.length;
  const hIndex = (h: number): number => halfLives.indexOf(h);
  const kIndex = (k: number): number => halfLives.length + neighbours.indexOf(k);
  const otherIndex = (name: ComponentName): number => halfLives.length + (names.includes('itemKnn') ? neighbours.length : 0) + others.indexOf(name);
  const score = (config: HybridConfig): number => {
    const w = new Float64Array(featureCount);
    w[hIndex(config.halfLifeDays)] = config.weights.repeat;
    if (names.includes('itemKnn')) w[kIndex(config.knnNeighbours)] = config.weights.itemKnn;
    for (const name of others) w[otherIndex(name)] = config.weights[name];
    let total = 0;
    for (const p of pools) {
      const s = new Float64Array(p.size);
      for (let f = 0; f < w.length; f++) {
        const wf = w[f]!;
        if (wf === 0) continue;
        for (let c = 0; c < p.size; c++) s[c]! += wf * p.features[f * p.size + c]!;
      }
      const ranked = topK(s, 10);
      const hits = new Set<number>();
      ranked.forEach((c) => { if (p.relevantMask[c] === 1) hits.add(c); });
      // ndcg() needs the full relevant count for its ideal DCG: pad with ids that cannot be ranked.
      for (let extra = hits.size; extra < p.relevantCount; extra++) hits.add(-1 - extra);
      total += ndcg(ranked, hits, 10);
    }
    return total / Math.max(1, pools.length);
  };

  let best = start;
  let bestScore = score(best);
  let trials = 1;
  const tryConfig = (candidate: HybridConfig): void => {
    trials++;
    const s = score(candidate);
    if (s > bestScore + 1e-9) {
      best = candidate;
      bestScore = s;
    }
  };
  for (let pass = 0; pass < space.passes; pass++) {
    const before = bestScore;
    for (const h of halfLives) tryConfig({ ...best, halfLifeDays: h });
    if (names.includes('itemKnn')) for (const k of neighbours) tryConfig({ ...best, knnNeighbours: k });
    for (const name of names) for (const w of grid) tryConfig({ ...best, weights: { ...best.weights, [name]: w } });
    space.log?.(`tuning (${label}) pass ${pass + 1}: validation NDCG@10 ${bestScore.toFixed(4)} ${JSON.stringify(best.weights)} halfLife ${best.halfLifeDays} knn ${best.knnNeighbours}`);
    if (bestScore <= before + 1e-9) break;
  }
  return { config: best, validationNdcg: bestScore, users: pools.length, trials };
}
