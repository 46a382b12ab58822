import { describe, expect, it } from 'vitest';
import { ADDITIVE_ATTRIBUTES, additiveContributions, additiveRow, trainAdditiveChurn } from '../../src/crm/churn-additive.js';
import { BlendedChurnModel, chooseWeights, weightGrid } from '../../src/crm/churn-blend.js';
import { evaluateChurn } from '../../src/crm/churn-eval.js';
import type { SubscriptionAttributes } from '../../src/store/ports.js';

const base: SubscriptionAttributes = { tenureMonths: 24, contract: 'One year', monthlyCharges: 50, internetService: 'DSL', gender: 'Female', partner: true, totalCharges: null };
const rows = Array.from({ length: 240 }, (_, i) => {
  const monthly = i % 2 === 0;
  const tenureMonths = 1 + ((i * 13) % 70);
  return { attributes: { ...base, contract: monthly ? 'Month-to-month' : 'Two year', tenureMonths, totalCharges: i % 17 === 0 ? null : tenureMonths * 50 }, churned: monthly ? i % 10 !== 0 : i % 10 === 1 };
});
const quick = { learningRate: 0.1, maxRounds: 100, pairs: 2 };

describe('telco rows for the additive booster', () => {
  it('never reads gender, keeps a blank total charge missing and booleans as categories', () => {
    expect(ADDITIVE_ATTRIBUTES).not.toContain('gender');
    const row = additiveRow(base);
    expect(row[ADDITIVE_ATTRIBUTES.indexOf('totalCharges')]).toBeNull();
    expect(row[ADDITIVE_ATTRIBUTES.indexOf('partner')]).toBe('Yes');
    expect(row[ADDITIVE_ATTRIBUTES.indexOf('contract')]).toBe('One year');
  });

  it('learns that month-to-month churns and explains it per attribute', () => {
    const model = trainAdditiveChurn(rows, quick);
    const risky = rows[2]?.attributes ?? base;
    expect(model.margin(additiveRow(risky))).toBeGreaterThan(model.margin(additiveRow(rows[3]?.attributes ?? base)));
    const c = additiveContributions(model, risky);
    expect([...c.values()].reduce((s, v) => s + v, model.file.intercept)).toBeCloseTo(model.margin(additiveRow(risky)), 12);
    expect([...c.entries()].sort((x, y) => y[1] - x[1])[0]?.[0]).toBe('contract');
  });
});

describe('blend weights over members', () => {
  it('lists the 0.1 simplex grid, regression weight ascending first', () => {
    expect(weightGrid(['lr', 'gbm']).map((w) => w.lr)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(weightGrid(['lr', 'gbm', 'ebm'])).toHaveLength(66);
    expect(weightGrid(['ebm'])).toEqual([{ lr: 0, gbm: 0, ebm: 1 }]);
    for (const w of weightGrid(['lr', 'gbm', 'ebm'])) expect(w.lr + w.gbm + w.ebm).toBeCloseTo(1, 12);
  });

  it('puts all the weight on the member whose margins rank the labels', () => {
    const labels = [true, false, true, false, true, false];
    const good = [2, -1, 1.5, -2, 1, 0];
    const noise = [0, 100, -100, 200, -200, 50];
    expect(chooseWeights({ lr: noise, gbm: noise, ebm: good }, labels, ['lr', 'gbm', 'ebm'])).toEqual({ lr: 0, gbm: 0, ebm: 1 });
  });

  it('blends the EBM in when it is a member: weights from the inner CV, contributions from all three', () => {
    const blend = BlendedChurnModel.train(rows, { members: ['lr', 'gbm', 'ebm'], additive: quick, boosting: { trees: 20 } });
    expect(blend.parts.ebm).toBeDefined();
    const w = blend.weights;
    expect(w.lr + w.gbm + w.ebm).toBeCloseTo(1, 12);
    const risky = rows[2]?.attributes ?? base;
    expect(blend.probability(risky)).toBeGreaterThan(blend.probability(rows[3]?.attributes ?? base));
    expect(blend.score(risky).drivers[0]).toBe('month-to-month contract');
    const r = evaluateChurn(rows, 3, 42, { members: ['lr', 'ebm'], additive: quick, boosting: { trees: 20 } });
    expect(r.ebmWeights).toHaveLength(3);
    expect(r.baselines.ebm?.auc).toBeGreaterThan(0.7);
    expect(r.model).toBe('blend of logistic regression, explainable boosting machine, Platt-calibrated');
  });
});
