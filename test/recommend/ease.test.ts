// EASE and the SPD inverse behind it, against closed forms worked out by hand.
import { describe, expect, it } from 'vitest';
import { EaseRecommender } from '../../src/recommend/ease.js';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { invertSpd } from '../../src/recommend/spd-inverse.js';
import { basket } from './helpers.js';

describe('invertSpd', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const a = [4, 2, 0, 2, 5, 1, 0, 1, 3];
    const inv = invertSpd(Float64Array.from(a), 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    // det = 4(15 − 1) − 2(6 − 0) = 44; inv[0][0] = 14/44.
    expect(inv[0]).toBeCloseTo(14 / 44, 12);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

describe('EaseRecommender', () => {
  // Buyers: A {u1,u2,u3}, B {u1,u2}. G = XᵀX + λI = [[3+λ, 2], [2, 2+λ]].
  // B_AB = −P_AB / P_BB = 2 / (3 + λ); B_BA = 2 / (2 + λ); zero diagonal.
  const data = buildInteractions([basket('u1', '1', 0, ['A', 'B']), basket('u2', '2', 1, ['A', 'B']), basket('u3', '3', 2, ['A'])]);

  it('matches the two-item closed form', () => {
    const model = new EaseRecommender({ lambda: 1 }).fit(data);
    const recs = model.recommend('u3', 5);
    expect(recs.map((r) => r.itemId)).toEqual(['B']);
    expect(recs[0]!.score).toBeCloseTo(2 / 4, 6); // weights are stored as float32
    expect(recs[0]!.reason).toBe('because you bought RED MUG');
    const fromB = model.recommendForHistory(
      { items: Int32Array.of(data.itemIndex.get('B')!), counts: Float64Array.of(1), lastTimes: Float64Array.of(0), timesPtr: Int32Array.of(0, 1), times: Float64Array.of(0) },
      5,
    );
    expect(fromB[0]!.score).toBeCloseTo(2 / 3, 6);
  });

  it('leaves items with too few buyers out of the model', () => {
    const model = new EaseRecommender({ lambda: 1, minBuyers: 3 }).fit(data);
    expect(model.recommend('u3', 5)).toEqual([]);
  });
});
