// The hybrid: repeat purchases first, other components filling in, every item with a reason; and its tuning.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HYBRID_CONFIG, HybridRecommender, normaliseMax, type HybridConfig } from '../../src/recommend/hybrid.js';
import { TUNING_START, tuneHybrid } from '../../src/recommend/hybrid-tuning.js';
import { buildBaskets, buildInteractions } from '../../src/recommend/interactions.js';
import { readTransactions } from '../../src/recommend/read-transactions.js';
import { holdOutLastInvoice } from '../../src/recommend/split.js';
import { basket, fiveBaskets } from './helpers.js';

const allOn: HybridConfig = {
  ...DEFAULT_HYBRID_CONFIG,
  weights: { repeat: 1, itemKnn: 0.5, content: 0.3, rules: 0.2, ease: 0.2, popularity: 0.1 },
};

describe('normaliseMax', () => {
  it('scales the largest score to 1 and leaves an all-zero vector alone', () => {
    const a = Float64Array.of(2, 4, 0);
    normaliseMax(a);
    expect([...a]).toEqual([0.5, 1, 0]);
    const z = Float64Array.of(0, 0);
    normaliseMax(z);
    expect([...z]).toEqual([0, 0]);
  });
});

describe('HybridRecommender', () => {
  const data = buildInteractions([...fiveBaskets(), basket('u1', '6', 5, ['A']), basket('u1', '7', 6, ['A', 'E'])]);

  it('puts the customer\'s most re-ordered item first and says so', () => {
    const recs = new HybridRecommender(allOn).fit(data).recommend('u1', 5);
    expect(recs[0]).toMatchObject({ itemId: 'A', reason: "you've ordered this 3 times" });
    expect(recs.length).toBe(5);
    for (const r of recs) expect(r.reason.length).toBeGreaterThan(5);
  });

  it('fills with new items, explained by the component that ranked them', () => {
    const model = new HybridRecommender(allOn).fit(data);
    const recs = model.recommend('u3', 5, { exclude: new Set(['A', 'C']) });
    expect(recs.map((r) => r.itemId)).not.toContain('A');
    expect(recs[0]!.itemId).toBe('B');
    expect(recs[0]!.reason).toMatch(/^(because you bought|similar to) /);
  });

  it('skips components with weight 0', () => {
    const model = new HybridRecommender({ ...allOn, weights: { ...allOn.weights, ease: 0, content: 0 } }).fit(data);
    expect(model.component('ease')).toBeUndefined();
    expect(model.component('itemKnn')).toBeDefined();
  });

  it('recommends popular items with a reason to a customer it has never seen', () => {
    const recs = new HybridRecommender(allOn).fit(data).recommend('stranger', 2);
    expect(recs.map((r) => r.itemId)).toEqual(['A', 'B']);
    expect(recs[0]!.reason).toBe('popular this month');
  });
});

describe('tuneHybrid', () => {
  it('tunes on a validation split of the training data and stays on its grid', async () => {
    const lines = await readTransactions(fileURLToPath(new URL('../fixtures/recommend/transactions.csv', import.meta.url)));
    const split = holdOutLastInvoice(buildBaskets(lines));
    const val = holdOutLastInvoice(split.train);
    const grid = [0, 0.05, 0.1, 0.2, 0.3, 1]; // holds every starting weight
    const tuned = tuneHybrid(buildInteractions(val.train), val.test, TUNING_START, { grid, halfLives: [90, Infinity], neighbours: [Infinity], discovery: true });
    expect(tuned.repeats.users).toBe(2);
    expect(tuned.repeats.validationNdcg).toBeGreaterThan(0);
    expect(tuned.repeats.validationNdcg).toBeLessThanOrEqual(1);
    expect(tuned.repeats.config.weights.repeat).toBe(1);
    for (const name of ['itemKnn', 'content', 'rules', 'popularity'] as const) expect(grid).toContain(tuned.repeats.config.weights[name]);
    expect(tuned.discovery?.config.weights.repeat).toBe(0);
  });
});
