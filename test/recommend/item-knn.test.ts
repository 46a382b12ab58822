// Item-kNN: cosine between binary buyer vectors, worked out by hand on five baskets.
import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { ItemKnnRecommender } from '../../src/recommend/item-knn.js';
import { fiveBaskets } from './helpers.js';

// Buyers: A {u1,u2,u3,u5}, B {u1,u2}, C {u2,u3}, D {u4}.
const cosAB = 2 / Math.sqrt(4 * 2); // 0.70711
const cosAC = 2 / Math.sqrt(4 * 2);
const cosBC = 1 / Math.sqrt(2 * 2); // 0.5

describe('ItemKnnRecommender', () => {
  const data = buildInteractions(fiveBaskets());
  const idx = (id: string): number => data.itemIndex.get(id)!;

  it('computes cosine neighbours, most similar first, without the item itself', () => {
    const model = new ItemKnnRecommender().fit(data);
    const named = (id: string) => model.neighboursOf(idx(id)).map(([i, s]) => [data.items[i], Number(s.toFixed(5))]);
    expect(named('A')).toEqual([['B', Number(cosAB.toFixed(5))], ['C', Number(cosAC.toFixed(5))]]);
    expect(named('B')).toEqual([['A', Number(cosAB.toFixed(5))], ['C', cosBC]]);
    expect(named('D')).toEqual([]);
  });

  it('scores a customer as the sum of similarities to what they bought, with the strongest link as reason', () => {
    const model = new ItemKnnRecommender().fit(data);
    const recs = model.recommend('u1', 5);
    expect(recs.map((r) => r.itemId)).toEqual(['C', 'A', 'B']);
    expect(recs[0]!.score).toBeCloseTo(cosAC + cosBC, 5);
    expect(recs[1]!.score).toBeCloseTo(cosAB, 5);
    expect(recs[0]!.reason).toBe('because you bought RED MUG');
    expect(recs[1]!.reason).toBe('because you bought BLUE MUG');
    expect(model.recommend('u1', 5, { exclude: new Set(['A', 'B']) }).map((r) => r.itemId)).toEqual(['C']);
    expect(model.recommend('u4', 5)).toEqual([]);
  });

  it('keeps only the top-N neighbours when asked (sparse path)', () => {
    const model = new ItemKnnRecommender({ neighbours: 1 }).fit(data);
    expect(model.neighboursOf(idx('A')).map(([i]) => data.items[i])).toEqual(['B']);
    expect(model.neighboursOf(idx('C')).map(([i]) => data.items[i])).toEqual(['A']);
    // u1 = {A, B}: A's one neighbour is B and B's is A, so C gets nothing.
    expect(model.recommend('u1', 5).map((r) => r.itemId)).toEqual(['A', 'B']);
  });

  it('selfWeight adds the customer\'s own items', () => {
    const model = new ItemKnnRecommender({ selfWeight: 1 }).fit(data);
    expect(model.recommend('u4', 5).map((r) => [r.itemId, r.score])).toEqual([['D', 1]]);
  });
});
