// The repeat-purchase signal: counts, half-life decay and the "ordered N times" reason.
import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { RepeatPurchaseRecommender, timesPhrase } from '../../src/recommend/repeat-purchase.js';
import { basket, T0 } from './helpers.js';

const DAY = 86_400_000;

describe('RepeatPurchaseRecommender', () => {
  const data = buildInteractions([
    basket('u1', '1', 0, ['A', 'B']),
    basket('u1', '2', 30, ['A']),
    basket('u1', '3', 60, ['C']),
    basket('u2', '4', 60, ['D']),
  ]);

  it('by count, only items bought before', () => {
    const recs = new RepeatPurchaseRecommender().fit(data).recommend('u1', 10);
    expect(recs.map((r) => [r.itemId, r.score])).toEqual([['A', 2], ['B', 1], ['C', 1]]);
    expect(recs.map((r) => r.reason)).toEqual(["you've ordered this 2 times", "you've ordered this before", "you've ordered this before"]);
  });

  it('with a 30-day half-life, each purchase counts 2^(−age/30 d)', () => {
    const model = new RepeatPurchaseRecommender({ halfLifeDays: 30 }).fit(data);
    const now = T0 + 60 * DAY;
    const score = Object.fromEntries(model.recommend('u1', 10, { now }).map((r) => [r.itemId, r.score]));
    expect(score.A).toBeCloseTo(0.25 + 0.5, 6); // bought 60 and 30 days ago
    expect(score.B).toBeCloseTo(0.25, 6);
    expect(score.C).toBeCloseTo(1, 6);
  });

  it('says nothing for a customer with no history', () => {
    expect(new RepeatPurchaseRecommender().fit(data).recommend('nobody', 5)).toEqual([]);
    expect(timesPhrase(5)).toBe("you've ordered this 5 times");
  });
});
