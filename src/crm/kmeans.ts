// K-means (k-means++ seeding, Lloyd iterations, best of a few seeded restarts) and the silhouette coefficient used
// to choose k. Deterministic for a given seed; Euclidean distance on already standardised points.
import { mulberry32, shuffleInPlace } from '../nlu/lexical/seeded-random.js';

export type Point = readonly number[];

export interface KMeansResult {
  k: number;
  centroids: number[][];
  /** Cluster index per point. */
  labels: number[];
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
}

export function squaredDistance(a: Point, b: Point): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

export function nearest(point: Point, centroids: readonly Point[]): number {
  let best = 0;
  let bestD = Infinity;
  centroids.forEach((c, j) => {
    const d = squaredDistance(point, c);
    if (d < bestD) {
      bestD = d;
      best = j;
    }
  });
  return best;
}

function seedCentroids(points: readonly Point[], k: number, random: () => number): number[][] {
  const centroids = [[...points[Math.floor(random() * points.length)]!]];
  const d2 = points.map((p) => squaredDistance(p, centroids[0]!));
  while (centroids.length < k) {
    const total = d2.reduce((a, b) => a + b, 0);
    let r = random() * total;
    let pick = d2.findIndex((d) => (r -= d) <= 0);
    if (pick < 0 || total === 0) pick = Math.floor(random() * points.length);
    const c = [...points[pick]!];
    centroids.push(c);
    points.forEach((p, i) => (d2[i] = Math.min(d2[i]!, squaredDistance(p, c))));
  }
  return centroids;
}

function lloyd(points: readonly Point[], centroids: number[][], maxIterations: number): KMeansResult {
  const dims = points[0]!.length;
  let labels = points.map((p) => nearest(p, centroids));
  for (let iter = 0; iter < maxIterations; iter++) {
    const sums = centroids.map(() => new Array<number>(dims).fill(0));
    const counts = centroids.map(() => 0);
    points.forEach((p, i) => {
      const j = labels[i]!;
      counts[j]! += 1;
      for (let d = 0; d < dims; d++) sums[j]![d]! += p[d]!;
    });
    // An emptied cluster keeps its old centroid rather than disappearing.
    centroids = centroids.map((c, j) => (counts[j]! > 0 ? sums[j]!.map((s) => s / counts[j]!) : c));
    const next = points.map((p) => nearest(p, centroids));
    const moved = next.some((l, i) => l !== labels[i]);
    labels = next;
    if (!moved) break;
  }
  const inertia = points.reduce((s, p, i) => s + squaredDistance(p, centroids[labels[i]!]!), 0);
  return { k: centroids.length, centroids, labels, inertia };
}

/** Best (lowest inertia) of `restarts` k-means++ runs. */
export function kMeans(points: readonly Point[], k: number, options: { seed?: number; restarts?: number; maxIterations?: number } = {}): KMeansResult {
  if (k < 1 || k > points.length) throw new RangeError(`k must be between 1 and the number of points (${points.length})`);
  const random = mulberry32(options.seed ?? 42);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (options.restarts ?? 4); r++) {
    const run = lloyd(points, seedCentroids(points, k, random), options.maxIterations ?? 100);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}

/**
 * Mean silhouette (b − a) / max(a, b) over the points: a = mean distance to the own cluster, b = the smallest mean
 * distance to another cluster. A point alone in its cluster scores 0 (Rousseeuw's convention). O(n²).
 */
export function silhouette(points: readonly Point[], labels: readonly number[]): number {
  const k = Math.max(...labels) + 1;
  let total = 0;
  points.forEach((p, i) => {
    const sum = new Array<number>(k).fill(0);
    const count = new Array<number>(k).fill(0);
    points.forEach((q, j) => {
      if (i === j) return;
      sum[labels[j]!]! += Math.sqrt(squaredDistance(p, q));
      count[labels[j]!]! += 1;
    });
    const own = labels[i]!;
    if (count[own] === 0) return;
    const a = sum[own]! / count[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b);
  });
  return total / points.length;
}

export interface ChosenK extends KMeansResult {
  silhouette: number;
  /** Silhouette per k tried. */
  tried: Array<{ k: number; silhouette: number }>;
}

/**
 * Fits k = kMin..kMax and keeps the k with the highest mean silhouette. Silhouette is measured on at most
 * `sampleSize` points drawn with the same seed (it is quadratic); the clustering itself uses every point.
 */
export function chooseK(points: readonly Point[], options: { kMin?: number; kMax?: number; seed?: number; sampleSize?: number } = {}): ChosenK {
  const seed = options.seed ?? 42;
  const kMax = Math.min(options.kMax ?? 8, points.length - 1);
  const kMin = Math.min(options.kMin ?? 2, kMax);
  const sampleSize = options.sampleSize ?? 2000;
  const random = mulberry32(seed + 1);
  const sample = points.length <= sampleSize ? points.map((_, i) => i) : shuffled(points.length, random).slice(0, sampleSize);
  let best: ChosenK | null = null;
  const tried: ChosenK['tried'] = [];
  for (let k = kMin; k <= kMax; k++) {
    const fit = kMeans(points, k, { seed });
    const s = silhouette(sample.map((i) => points[i]!), sample.map((i) => fit.labels[i]!));
    tried.push({ k, silhouette: s });
    if (!best || s > best.silhouette) best = { ...fit, silhouette: s, tried };
  }
  return best!;
}

function shuffled(n: number, random: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(idx, random);
  return idx;
}
