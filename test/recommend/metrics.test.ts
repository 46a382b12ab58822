// NDCG, HR and recall against rankings worked out by hand.
import { describe, expect, it } from 'vitest';
import { hitRate, MetricsAccumulator, ndcg, recall } from '../../src/recommend/metrics.js';

const log2 = Math.log2;

describe('ranking metrics', () => {
  const ranked = [5, 1, 7, 3];
  const relevant = new Set([1, 3, 9]);

  it('NDCG@10: hits at ranks 2 and 4 of 3 relevant items', () => {
    // DCG = 1/log2(3) + 1/log2(5) = 1.06161; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.13093.
    const expected = (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3) + 1 / log2(4));
    expect(ndcg(ranked, relevant, 10)).toBeCloseTo(0.498193, 5);
    expect(ndcg(ranked, relevant, 10)).toBeCloseTo(expected, 12);
  });

  it('NDCG@2 cuts both the list and the ideal at 2', () => {
    // top 2 = [5, 1]: DCG = 1/log2(3); IDCG = 1 + 1/log2(3).
    expect(ndcg(ranked, relevant, 2)).toBeCloseTo(0.63093 / 1.63093, 5);
  });

  it('HR and recall', () => {
    expect(hitRate(ranked, relevant, 10)).toBe(1);
    expect(hitRate(ranked, relevant, 1)).toBe(0);
    expect(recall(ranked, relevant, 10)).toBeCloseTo(2 / 3, 12);
    expect(recall(ranked, relevant, 2)).toBeCloseTo(1 / 3, 12);
  });

  it('a perfect ranking scores 1, an empty one 0', () => {
    expect(ndcg([3, 1, 9], relevant, 10)).toBeCloseTo(1, 12);
    expect(ndcg([], relevant, 10)).toBe(0);
    expect(recall([], relevant, 10)).toBe(0);
    expect(ndcg([1], new Set(), 10)).toBe(0);
  });

  it('the accumulator averages over users and measures catalogue coverage', () => {
    const acc = new MetricsAccumulator(2);
    acc.add([0, 1], new Set([0])); // ndcg 1, hr 1, recall 1
    acc.add([2, 1], new Set([3])); // all 0
    const r = acc.result(10);
    expect(r).toEqual({ ndcg: 0.5, hr: 0.5, recall: 0.5, coverage: 0.3, users: 2 });
  });
});
