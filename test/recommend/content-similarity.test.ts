// Content similarity: description features, TF-IDF weights by hand, and cosine to the customer's profile.
import { describe, expect, it } from 'vitest';
import { ContentSimilarityRecommender, descriptionFeatures, invertedIndex, tfidfVectors } from '../../src/recommend/content-similarity.js';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { historyOf } from '../../src/recommend/types.js';
import { basket, fiveBaskets } from './helpers.js';

describe('descriptionFeatures', () => {
  it('gives lower-cased words and padded character 3-grams, without pure numbers', () => {
    expect([...descriptionFeatures('RED MUG').keys()]).toEqual(['w:red', 'c: re', 'c:red', 'c:ed ', 'w:mug', 'c: mu', 'c:mug', 'c:ug ']);
    expect(descriptionFeatures('12 RED, RED').get('w:red')).toBe(2);
    expect(descriptionFeatures('12 RED').has('w:12')).toBe(false);
  });
});

describe('TF-IDF cosine', () => {
  it('matches the hand computation for two descriptions sharing one word', () => {
    // Words only (charWeight 0). N = 2; idf(red) = idf(blue) = ln(3/2) + 1, idf(mug) = ln(3/3) + 1 = 1.
    // v1 = (red r, mug 1)/|.|, v2 = (blue r, mug 1)/|.| ⇒ cos = 1 / (r² + 1).
    const r = Math.log(3 / 2) + 1;
    const model = new ContentSimilarityRecommender({ charWeight: 0 }).fit(buildInteractions([basket('u1', '1', 0, ['A', 'B'])]));
    expect(model.similarity(0, 1)).toBeCloseTo(1 / (r * r + 1), 12);
    expect(model.similarity(0, 0)).toBeCloseTo(1, 12);
    expect(model.similarity(1, 0)).toBeCloseTo(model.similarity(0, 1), 12);
  });

  it('indexes every feature with the items that have it and their weights', () => {
    const vectors = [
      { ids: Int32Array.from([0, 1]), weights: Float64Array.from([0.6, 0.8]) },
      { ids: Int32Array.from([2, 1]), weights: Float64Array.from([0.8, 0.6]) },
    ];
    const index = invertedIndex(vectors, 3);
    expect([...index.ptr]).toEqual([0, 1, 3, 4]);
    expect([...index.items]).toEqual([0, 0, 1, 1]);
    expect([...index.weights]).toEqual([0.6, 0.8, 0.6, 0.8]);
  });
});

describe('ContentSimilarityRecommender', () => {
  const data = buildInteractions([...fiveBaskets(), basket('u1', '6', 9, ['E'])]);
  const model = new ContentSimilarityRecommender().fit(data);
  const idx = (id: string): number => data.itemIndex.get(id)!;

  it('ranks items with words in common first and explains with the closest bought item', () => {
    const recs = model.recommend('u5', 5); // u5 bought RED MUG only
    expect(recs[0]).toMatchObject({ itemId: 'A' });
    expect(recs[0]!.score).toBeCloseTo(1, 6);
    expect(recs.map((r) => r.itemId).slice(1).sort()).toEqual(['B', 'C']);
    expect(recs.find((r) => r.itemId === 'B')!.reason).toBe('similar to RED MUG you bought');
    expect(recs.some((r) => r.itemId === 'D')).toBe(false);
  });

  it('scores cos(profile, item) with the profile weighted by purchase counts', () => {
    // u1 bought {A, B} on day 0 and E on day 9 (one invoice each); compute the cosine directly from the vectors.
    const vectors = tfidfVectors(data.itemName, 0.5);
    const dense = (v: (typeof vectors)[number]) => {
      const m = new Map<number, number>();
      v.ids.forEach((id, p) => m.set(id, v.weights[p]!));
      return m;
    };
    const profile = new Map<number, number>();
    for (const id of ['A', 'B', 'E']) for (const [f, w] of dense(vectors[idx(id)]!)) profile.set(f, (profile.get(f) ?? 0) + w);
    const norm = Math.sqrt([...profile.values()].reduce((s, w) => s + w * w, 0));
    const cosC = [...dense(vectors[idx('C')]!)].reduce((s, [f, w]) => s + w * (profile.get(f) ?? 0), 0) / norm;
    const recC = model.recommend('u1', 5).find((r) => r.itemId === 'C')!;
    expect(recC.score).toBeCloseTo(cosC, 6);
    expect(model.similarity(idx('A'), idx('C'))).toBeCloseTo(model.similarity(idx('C'), idx('A')), 6);
  });

  it('uses every bought item, leaves nothing behind between requests and agrees with brute force on a larger shop', () => {
    const words = ['RED', 'BLUE', 'MUG', 'TEAPOT', 'CANDLE', 'HEART', 'GLASS', 'VINTAGE', 'GARDEN', 'SET'];
    const ids = Array.from({ length: 300 }, (_, i) => `P${i}`);
    const names = Object.fromEntries(ids.map((id, i) => [id, `${words[i % 10]} ${words[(i * 7 + 3) % 10]} ${words[(i * 3 + 1) % 10]} ${i % 13}`]));
    const lines = (items: string[]) => items.map((id) => ({ itemId: id, description: names[id]!, quantity: 1, unitPrice: 1 }));
    const big = buildInteractions([
      { customerId: 'heavy', invoiceId: 'h1', time: 0, lines: lines(ids.slice(0, 250)) },
      { customerId: 'heavy', invoiceId: 'h2', time: 1, lines: lines(ids.slice(0, 20)) },
      { customerId: 'light', invoiceId: 'l1', time: 2, lines: lines(['P299']) },
    ]);
    const m = new ContentSimilarityRecommender().fit(big);
    const vectors = tfidfVectors(big.itemName, 0.5);
    const bruteForce = (customer: string) => {
      const u = big.userIndex.get(customer)!;
      const profile = new Map<number, number>();
      for (let p = big.userItems.indptr[u]!; p < big.userItems.indptr[u + 1]!; p++) {
        const v = vectors[big.userItems.indices[p]!]!;
        v.ids.forEach((f, q) => profile.set(f, (profile.get(f) ?? 0) + big.userItems.values[p]! * v.weights[q]!));
      }
      const norm = Math.sqrt([...profile.values()].reduce((a, w) => a + w * w, 0));
      return vectors.map((v) => v.ids.reduce((a, f, q) => a + v.weights[q]! * (profile.get(f) ?? 0), 0) / norm);
    };
    const scores = (customer: string) => {
      const out = new Float64Array(big.items.length);
      m.scoreInto(historyOf(big, customer), out);
      return [...out];
    };
    const heavy = scores('heavy');
    m.recommend('heavy', 3); // explains too
    const light = scores('light');
    bruteForce('heavy').forEach((s, i) => expect(heavy[i]).toBeCloseTo(s, 12));
    bruteForce('light').forEach((s, i) => expect(light[i]).toBeCloseTo(s, 12));
    expect(scores('heavy')).toEqual(heavy);
  });
});
