// Popularity: distinct-buyer order all-time; invoice counts in a window strictly before `now`.
import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { PopularityRecommender } from '../../src/recommend/popularity.js';
import { basket, fiveBaskets, T0 } from './helpers.js';

const DAY = 86_400_000;

describe('PopularityRecommender', () => {
  it('ranks by distinct buyers (A 4, B 2, C 2, D 1; ties by first appearance)', () => {
    const model = new PopularityRecommender().fit(buildInteractions(fiveBaskets()));
    const recs = model.recommend('anyone', 10);
    expect(recs.map((r) => r.itemId)).toEqual(['A', 'B', 'C', 'D']);
    expect(recs.map((r) => r.score)).toEqual([4, 2, 2, 1]);
    expect(recs[0]).toMatchObject({ name: 'RED MUG', unitPrice: 1, reason: 'one of our best sellers' });
    expect(model.recommend('u1', 2, { exclude: new Set(['A']) }).map((r) => r.itemId)).toEqual(['B', 'C']);
  });

  describe('with a 30-day window', () => {
    const data = buildInteractions([
      basket('u1', '1', 0, ['A']),
      basket('u2', '2', 0, ['A']),
      basket('u3', '3', 1, ['A', 'C']),
      basket('u4', '4', 100, ['B']),
      basket('u5', '5', 101, ['B', 'C']),
    ]);
    const model = new PopularityRecommender({ windowDays: 30 }).fit(data);

    it('counts recent invoices by default (window ends just after the newest basket)', () => {
      const recs = model.recommend('x', 3);
      expect(recs.map((r) => r.itemId)).toEqual(['B', 'C', 'A']);
      expect(recs[0]!.score).toBeCloseTo(2, 2);
      expect(recs.map((r) => r.reason)).toEqual(['popular this month', 'popular this month', 'one of our best sellers']);
    });

    it('never counts invoices at or after now', () => {
      const now = T0 + 101 * DAY;
      // Only day 100 is inside [now − 30 d, now): B 1; A and C fall back to all-time buyers (A 3 > C 2).
      expect(model.recommend('x', 3, { now }).map((r) => r.itemId)).toEqual(['B', 'A', 'C']);
    });

    it('falls back to all-time buyers when the window is empty', () => {
      const recs = model.recommend('x', 3, { now: T0 + 60 * DAY });
      expect(recs.map((r) => r.itemId)).toEqual(['A', 'C', 'B']);
      expect(recs[0]!.reason).toBe('one of our best sellers');
    });
  });
});
