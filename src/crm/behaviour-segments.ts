// Behavioural segments: K-means over four standardised purchase features, k chosen by silhouette (k = 2..8, seed 42),
// and a readable name per cluster from where its centroid sits relative to the average customer.
//
// Features (log1p first, because money and counts are heavily skewed, then z-scored over the customer base):
// days since the last order, number of orders, average order value, distinct products bought.
import { chooseK, nearest, type Point } from './kmeans.js';
import { recencyDays, type CustomerStats } from './customer-stats.js';

export const BEHAVIOUR_FEATURES = ['recencyDays', 'orders', 'averageOrderValue', 'distinctProducts'] as const;
export const KMEANS_SEED = 42;
/** A centroid this many standard deviations from the mean earns a word in the name. */
const NAMING_THRESHOLD = 0.5;

const WORDS: Record<(typeof BEHAVIOUR_FEATURES)[number], [low: string, high: string]> = {
  recencyDays: ['recent', 'lapsed'],
  orders: ['one-off', 'frequent'],
  averageOrderValue: ['small-basket', 'big-basket'],
  distinctProducts: ['narrow-range', 'wide-range'],
};

export interface BehaviourSegment {
  id: number;
  name: string;
  k: number;
}

export interface BehaviourModel {
  k: number;
  silhouette: number;
  tried: Array<{ k: number; silhouette: number }>;
  means: number[];
  stds: number[];
  /** In standardised units. */
  centroids: number[][];
  names: string[];
  sizes: number[];
}

export function rawFeatures(stats: CustomerStats, referenceMs: number): number[] {
  return [recencyDays(stats, referenceMs), stats.orders, stats.lifetimeValue / stats.orders, stats.distinctProducts].map((v) => Math.log1p(Math.max(0, v)));
}

/** "Recent, frequent, big-basket buyers" from a standardised centroid; "Typical buyers" when nothing stands out. */
export function nameCentroid(centroid: readonly number[]): string {
  const words = BEHAVIOUR_FEATURES.map((f, i) => ({ z: centroid[i]!, words: WORDS[f] }))
    .filter((x) => Math.abs(x.z) >= NAMING_THRESHOLD)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 3)
    .map((x) => (x.z < 0 ? x.words[0] : x.words[1]));
  if (words.length === 0) return 'Typical buyers';
  const text = `${words.join(', ')} buyers`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Names made unique by numbering repeats ("… buyers (2)"). */
export function clusterNames(centroids: readonly number[][]): string[] {
  const seen = new Map<string, number>();
  return centroids.map((c) => {
    const name = nameCentroid(c);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

/** Null with fewer than four customers (no k ≥ 2 can be judged). */
export function fitBehaviourModel(stats: readonly CustomerStats[], referenceMs: number, options: { kMax?: number; sampleSize?: number } = {}): BehaviourModel | null {
  if (stats.length < 4) return null;
  const raw = stats.map((s) => rawFeatures(s, referenceMs));
  const dims = BEHAVIOUR_FEATURES.length;
  const means = Array.from({ length: dims }, (_, d) => raw.reduce((a, r) => a + r[d]!, 0) / raw.length);
  const stds = Array.from({ length: dims }, (_, d) => Math.sqrt(raw.reduce((a, r) => a + (r[d]! - means[d]!) ** 2, 0) / raw.length) || 1);
  const points: Point[] = raw.map((r) => r.map((v, d) => (v - means[d]!) / stds[d]!));
  const fit = chooseK(points, { kMin: 2, kMax: options.kMax ?? 8, seed: KMEANS_SEED, sampleSize: options.sampleSize });
  const sizes = fit.centroids.map((_, j) => fit.labels.filter((l) => l === j).length);
  return { k: fit.k, silhouette: fit.silhouette, tried: fit.tried, means, stds, centroids: fit.centroids, names: clusterNames(fit.centroids), sizes };
}

/** The segment of a customer's current figures: the nearest centroid. */
export function assignSegment(model: BehaviourModel, stats: CustomerStats, referenceMs: number): BehaviourSegment {
  const point = rawFeatures(stats, referenceMs).map((v, d) => (v - model.means[d]!) / model.stds[d]!);
  const id = nearest(point, model.centroids);
  return { id, name: model.names[id]!, k: model.k };
}
