// Next-purchase estimate: EMA of inter-purchase gaps against hand-computed values.
import { describe, expect, it } from 'vitest';
import { estimateNextPurchase, exponentialMovingAverage, interPurchaseGaps } from '../../src/crm/next-purchase.js';

describe('exponential moving average', () => {
  it('starts at the first value and weights later ones by alpha', () => {
    // α = 0.3: s = 10 → 0.3·20 + 0.7·10 = 13 → 0.3·40 + 0.7·13 = 21.1
    expect(exponentialMovingAverage([10, 20, 40], 0.3)).toBeCloseTo(21.1, 12);
    expect(exponentialMovingAverage([7])).toBe(7);
    expect(exponentialMovingAverage([])).toBeNull();
  });
});

describe('next purchase', () => {
  const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString();

  it('uses the gaps between distinct order times, whatever order they come in', () => {
    expect(interPurchaseGaps([day(30), day(0), day(10), day(10)])).toEqual([10, 20]);
  });

  it('adds the EMA of the gaps to the last order', () => {
    // Gaps 10, 20, 40 → EMA 21.1 days after day 70.
    const next = estimateNextPurchase([day(70), day(30), day(10), day(0)]);
    expect(next).toEqual({ meanGapDays: 21.1, expectedAt: new Date(Date.parse(day(70)) + 21.1 * 86_400_000).toISOString() });
    expect(estimateNextPurchase([day(3)])).toBeNull();
  });
});
