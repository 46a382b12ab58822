// K-means, silhouette and the choice of k on data small enough to check by hand.
import { describe, expect, it } from 'vitest';
import { chooseK, kMeans, silhouette } from '../../src/crm/kmeans.js';

const twoBlobs = [[0, 0], [0, 1], [1, 0], [10, 10], [10, 11], [11, 10]];

describe('kMeans', () => {
  it('finds two well separated groups and their centroids', () => {
    const fit = kMeans(twoBlobs, 2, { seed: 7 });
    expect(fit.labels[0]).toBe(fit.labels[1]);
    expect(fit.labels[0]).toBe(fit.labels[2]);
    expect(fit.labels[3]).toBe(fit.labels[5]);
    expect(fit.labels[0]).not.toBe(fit.labels[3]);
    const centroids = fit.centroids.map((c) => c.map((x) => Math.round(x * 1000) / 1000)).sort((a, b) => a[0]! - b[0]!);
    expect(centroids).toEqual([[0.333, 0.333], [10.333, 10.333]]);
    // Each point is at squared distance 2/9, 5/9 or 5/9 from its centroid: 2 × (2/9 + 5/9 + 5/9) = 8/3.
    expect(fit.inertia).toBeCloseTo(8 / 3, 10);
  });

  it('is deterministic for a seed and rejects an impossible k', () => {
    expect(kMeans(twoBlobs, 3, { seed: 1 }).labels).toEqual(kMeans(twoBlobs, 3, { seed: 1 }).labels);
    expect(() => kMeans(twoBlobs, 7)).toThrow(RangeError);
  });
});

describe('silhouette', () => {
  it('matches a hand computation on four points on a line', () => {
    // Points 0, 1 | 5, 6. For 0: a = 1, b = (5 + 6)/2 = 5.5 → s = 4.5/5.5. For 1: a = 1, b = (4 + 5)/2 = 4.5 → 3.5/4.5.
    // By symmetry the other two mirror these. Mean = (4.5/5.5 + 3.5/4.5) / 2.
    const s = silhouette([[0], [1], [5], [6]], [0, 0, 1, 1]);
    expect(s).toBeCloseTo((4.5 / 5.5 + 3.5 / 4.5) / 2, 12);
  });

  it('scores a point alone in its cluster 0, and a bad split below a good one', () => {
    expect(silhouette([[0], [1], [5]], [0, 0, 1])).toBeCloseTo((1 - 1 / 5 + (1 - 1 / 4)) / 3, 12);
    expect(silhouette([[0], [1], [5], [6]], [0, 1, 0, 1])).toBeLessThan(0);
  });
});

describe('chooseK', () => {
  it('picks the number of groups the data has', () => {
    const three = [...twoBlobs, [20, 0], [20, 1], [21, 0]];
    const chosen = chooseK(three, { kMin: 2, kMax: 5, seed: 42 });
    expect(chosen.k).toBe(3);
    expect(chosen.tried.map((t) => t.k)).toEqual([2, 3, 4, 5]);
    expect(chosen.silhouette).toBe(Math.max(...chosen.tried.map((t) => t.silhouette)));
  });
});
