// Association rules: support, confidence and lift of pairwise rules, worked out by hand on seven baskets.
import { describe, expect, it } from 'vitest';
import { AssociationRulesRecommender } from '../../src/recommend/association-rules.js';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { basket, fiveBaskets } from './helpers.js';

// Baskets: {A,B} {A,B,C} {A,C} {D} {A} {B,D} {D}; N = 7. A 4, B 3, C 2, D 3; AB 2, AC 2, BC 1, BD 1.
const baskets = [...fiveBaskets(), basket('u1', '6', 5, ['B', 'D']), basket('u6', '7', 6, ['D'])];

describe('AssociationRulesRecommender', () => {
  const data = buildInteractions(baskets);
  const model = new AssociationRulesRecommender({ minCount: 1, minConfidence: 0 }).fit(data);

  it('computes support, confidence and lift of A → C and A → B', () => {
    const rules = model.rulesFor(data.itemIndex.get('A')!);
    const byConsequent = Object.fromEntries(rules.map((r) => [data.items[r.consequent], r]));
    expect(byConsequent.C).toMatchObject({ count: 2 });
    expect(byConsequent.C!.support).toBeCloseTo(2 / 7, 12);
    expect(byConsequent.C!.confidence).toBeCloseTo(0.5, 12);
    expect(byConsequent.C!.lift).toBeCloseTo(0.5 / (2 / 7), 12); // 1.75
    expect(byConsequent.B!.confidence).toBeCloseTo(0.5, 12);
    expect(byConsequent.B!.lift).toBeCloseTo(0.5 / (3 / 7), 12); // 1.1667
  });

  it('drops rules with lift ≤ 1 (B → D: confidence 1/3, lift 0.78)', () => {
    const fromB = model.rulesFor(data.itemIndex.get('B')!).map((r) => data.items[r.consequent]);
    expect(fromB).toEqual(['A', 'C']);
    expect(model.rulesFor(data.itemIndex.get('D')!)).toEqual([]);
  });

  it('boughtTogether ranks by confidence, then lift, with a readable reason', () => {
    const together = model.boughtTogether('A', 5);
    expect(together.map((t) => t.itemId)).toEqual(['C', 'B']);
    expect(together[0]!.reason).toBe('50% of orders with RED MUG also had this');
    const fromB = model.boughtTogether('B', 1);
    expect(fromB.map((t) => [t.itemId, Number(t.score.toFixed(4))])).toEqual([['A', 0.6667]]);
    expect(model.boughtTogether('unknown', 3)).toEqual([]);
  });

  it('recommends from a customer\'s items with the best rule as reason', () => {
    // u3 bought {A, C}: C → A (confidence 1) ⇒ A 1; A → B and C → B (0.5 each) ⇒ B 0.5; A → C ⇒ C 0.5.
    // (Items bought before are not excluded: re-orders are legitimate suggestions here.)
    const recs = model.recommend('u3', 3);
    expect(recs.map((r) => [r.itemId, r.score])).toEqual([['A', 1], ['B', 0.5], ['C', 0.5]]);
    expect(recs[0]!.reason).toBe('because you bought RED TEAPOT');
  });

  it('applies the minimum count', () => {
    const strict = new AssociationRulesRecommender({ minCount: 3 }).fit(data);
    expect(strict.boughtTogether('A', 5)).toEqual([]);
  });
});
