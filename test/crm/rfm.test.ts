// RFM: quantiles, quintile scores and the R×F segment grid against hand-computed values.
import { describe, expect, it } from 'vitest';
import { quantile, quintileCuts, quintileScore, rfmCutPoints, rfmSegment, scoreRfm } from '../../src/crm/rfm.js';

describe('quantile and quintile cut points', () => {
  it('interpolates linearly between ranks (numpy default)', () => {
    // 10 values 1..10: position (n−1)q = 9q → q=0.2 → 2.8, q=0.4 → 4.6, q=0.6 → 6.4, q=0.8 → 8.2
    expect(quintileCuts([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]).map((x) => Math.round(x * 10) / 10)).toEqual([2.8, 4.6, 6.4, 8.2]);
    expect(quantile([5], 0.5)).toBe(5);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });

  it('scores 1 + the number of cut points a value is above; equal values score the same', () => {
    const cuts = [2.8, 4.6, 6.4, 8.2];
    expect([1, 2.8, 3, 5, 7, 8.2, 9, 100].map((v) => quintileScore(v, cuts))).toEqual([1, 1, 2, 3, 4, 4, 5, 5]);
    // Most customers bought once: the cuts collapse to 1 and all of them share F = 1.
    const f = quintileCuts([1, 1, 1, 1, 1, 1, 2, 3, 5, 9]);
    expect(f.map((x) => Math.round(x * 10) / 10)).toEqual([1, 1, 1.4, 3.4]);
    expect(quintileScore(1, f)).toBe(1);
    expect(quintileScore(9, f)).toBe(5);
  });
});

describe('RFM scores and segments', () => {
  const base = Array.from({ length: 10 }, (_, i) => ({ recencyDays: (i + 1) * 10, frequency: i + 1, monetary: (i + 1) * 100 }));
  const cuts = rfmCutPoints(base);

  it('reverses recency: the most recent customers score 5', () => {
    expect(scoreRfm({ recencyDays: 10, frequency: 10, monetary: 1000 }, cuts)).toEqual({ recency: 5, frequency: 5, monetary: 5, score: '555', segment: 'Champions' });
    expect(scoreRfm({ recencyDays: 100, frequency: 1, monetary: 100 }, cuts)).toEqual({ recency: 1, frequency: 1, monetary: 1, score: '111', segment: 'Lost' });
    expect(scoreRfm({ recencyDays: 90, frequency: 10, monetary: 50 }, cuts)).toMatchObject({ recency: 1, frequency: 5, monetary: 1, segment: "Can't lose them" });
  });

  it('maps the R×F grid to named segments', () => {
    const cases: Array<[number, number, string]> = [
      [5, 5, 'Champions'], [4, 4, 'Champions'], [3, 5, 'Loyal'], [5, 3, 'Loyal'], [4, 2, 'Potential loyalist'],
      [5, 1, 'New customers'], [4, 1, 'Promising'], [3, 3, 'Need attention'], [3, 2, 'About to sleep'], [3, 1, 'About to sleep'],
      [2, 5, "Can't lose them"], [1, 5, "Can't lose them"], [2, 4, 'At risk'], [1, 3, 'At risk'], [2, 2, 'Hibernating'],
      [2, 1, 'Hibernating'], [1, 2, 'Lost'], [1, 1, 'Lost'],
    ];
    for (const [r, f, name] of cases) expect(rfmSegment(r, f), `R${r} F${f}`).toBe(name);
  });
});
