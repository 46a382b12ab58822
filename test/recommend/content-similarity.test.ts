// Content similarity: description features, TF-IDF weights by hand, and cosine to the customer's profile.
import { describe, expect, it } from 'vitest';
import { ContentSimilarityRecommender, cosineMatrix, descriptionFeatures, tfidfVectors } from '../../src/recommend/content-similarity.js';
import { buildInteractions } from '../../src/recommend/interactions.js';
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
    const sims = cosineMatrix(tfidfVectors(['RED MUG', 'BLUE MUG'], 0));
    expect(sims[1]).toBeCloseTo(1 / (r * r + 1), 6);
    expect(sims[0]).toBeCloseTo(1, 6);
    expect(sims[2]).toBeCloseTo(sims[1]!, 6);
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
});
