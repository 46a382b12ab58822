import { describe, expect, it } from 'vitest';
import { binFeatures, fitTree, predictTree, splitGain, treeContributions } from '../../src/crm/decision-tree.js';
import { BoostedTrees } from '../../src/crm/gradient-boosting.js';
import { rocAuc } from '../../src/crm/cv-metrics.js';
import { applyPlatt, fitPlatt } from '../../src/crm/platt-scaling.js';

describe('decision tree', () => {
  it('computes the Newton split gain by hand', () => {
    // Left G=-2,H=1; right G=2,H=1; λ=1: 4/2 + 4/2 − 0/3 = 4.
    expect(splitGain(-2, 1, 0, 2, 1)).toBeCloseTo(4, 12);
    // No change in gradient balance → no gain.
    expect(splitGain(1, 1, 2, 2, 0)).toBeCloseTo(0, 12);
  });

  it('bins few distinct values at their midpoints', () => {
    const b = binFeatures([[1], [2], [2], [4]]);
    expect(b.edges[0]).toEqual([1.5, 3]);
    expect([...(b.bins[0] ?? [])]).toEqual([0, 1, 1, 2]);
  });

  it('splits hand data where the gradients change sign, with leaf values −G/(H+λ)', () => {
    const X = [[1], [2], [3], [10], [11], [12]];
    const data = binFeatures(X);
    const grad = Float64Array.from([-1, -1, -1, 1, 1, 1]);
    const hess = Float64Array.from([1, 1, 1, 1, 1, 1]);
    const tree = fitTree(data, grad, hess, Int32Array.from([0, 1, 2, 3, 4, 5]), { maxDepth: 1, minLeaf: 1, lambda: 1, shrinkage: 1 });
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(6.5);
    expect(predictTree(tree, [2])).toBeCloseTo(3 / 4, 12);
    expect(predictTree(tree, [11])).toBeCloseTo(-3 / 4, 12);
    // Saabas: root value + contributions = leaf value.
    const into = new Float64Array(1);
    const root = treeContributions(tree, [2], into);
    expect(root + (into[0] ?? 0)).toBeCloseTo(predictTree(tree, [2]), 12);
  });

  it('respects the minimum leaf size', () => {
    const X = [[1], [2], [3], [4]];
    const tree = fitTree(binFeatures(X), Float64Array.from([-5, 1, 1, 1]), Float64Array.from([1, 1, 1, 1]), Int32Array.from([0, 1, 2, 3]), { maxDepth: 2, minLeaf: 2, lambda: 0, shrinkage: 1 });
    expect(tree.threshold[0]).toBe(2.5);
    expect(tree.feature.filter((f) => f >= 0)).toHaveLength(1);
  });
});

describe('gradient boosting', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [(i * 37) % 100, (i * 11) % 7]);
  const y = rows.map(([a = 0, b = 0]) => (a > 60 || (a > 30 && b > 4) ? 1 : 0));

  it('lowers the training loss as trees are added', () => {
    const history: number[] = [];
    BoostedTrees.train(rows, y, { trees: 40, learningRate: 0.2, minLeaf: 5, subsample: 1 }, history);
    expect(history).toHaveLength(40);
    for (let i = 1; i < history.length; i++) expect(history[i]).toBeLessThanOrEqual((history[i - 1] ?? 0) + 1e-12);
    expect(history.at(-1)).toBeLessThan((history[0] ?? 0) / 3);
  });

  it('ranks a separable toy set perfectly', () => {
    const separable = rows.map(([a = 0]) => (a > 50 ? 1 : 0));
    const model = BoostedTrees.train(rows, separable, { trees: 20, learningRate: 0.2, minLeaf: 5 });
    expect(rocAuc(rows.map((r) => model.probability(r)), separable.map((v) => v === 1))).toBe(1);
  });

  it('is deterministic for a seed and round-trips through JSON', () => {
    const a = BoostedTrees.train(rows, y, { trees: 20, subsample: 0.7, seed: 7 });
    const b = BoostedTrees.train(rows, y, { trees: 20, subsample: 0.7, seed: 7 });
    expect(a.file).toEqual(b.file);
    const restored = BoostedTrees.fromJSON(JSON.parse(JSON.stringify(a.file)));
    expect(restored.margin([70, 1])).toBe(a.margin([70, 1]));
    const { bias, byFeature } = a.contributions([70, 1], 2);
    expect(bias + (byFeature[0] ?? 0) + (byFeature[1] ?? 0)).toBeCloseTo(a.margin([70, 1]), 10);
  });
});

describe('Platt scaling', () => {
  it('recovers a known slope and intercept', () => {
    const scores = Array.from({ length: 2000 }, (_, i) => (i / 2000) * 8 - 4);
    // Labels drawn deterministically at the rate σ(2s − 1).
    const labels = scores.map((s, i) => (((i * 7919) % 1000) / 1000 < 1 / (1 + Math.exp(-(2 * s - 1))) ? 1 : 0));
    const p = fitPlatt(scores, labels);
    expect(p.slope).toBeGreaterThan(1.6);
    expect(p.slope).toBeLessThan(2.4);
    expect(p.intercept).toBeGreaterThan(-1.4);
    expect(p.intercept).toBeLessThan(-0.6);
    expect(applyPlatt(p, 0.5)).toBeCloseTo(1 / (1 + Math.exp(-(p.slope * 0.5 + p.intercept))), 12);
  });
});
