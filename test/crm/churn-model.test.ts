import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChurnModel } from '../../src/crm/churn-model.js';
import { crossValidate, readTelcoLabelled, rocAuc, stratifiedFolds } from '../../src/crm/churn-training.js';
import type { SubscriptionAttributes } from '../../src/store/ports.js';

const base: SubscriptionAttributes = { tenureMonths: 24, contract: 'One year', monthlyCharges: 50, internetService: 'DSL', paymentMethod: 'Mailed check', techSupport: 'Yes' };

describe('ROC-AUC', () => {
  it('matches hand-computed values, ties counted half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [false, true])).toBeCloseTo(0.5);
    expect(rocAuc([1, 2, 3], [false, false, false])).toBeNaN();
  });

  it('assigns stratified, deterministic folds', () => {
    const labels = Array.from({ length: 50 }, (_, i) => i % 5 === 0);
    const folds = stratifiedFolds(labels, 5);
    expect(stratifiedFolds(labels, 5)).toEqual(folds);
    for (let f = 0; f < 5; f++) expect(labels.filter((y, i) => y && folds[i] === f)).toHaveLength(2);
  });
});

describe('churn model', () => {
  // Month-to-month, short-tenure customers churn; long contracts stay: the model must learn that and say why.
  const rows = Array.from({ length: 120 }, (_, i) => {
    const monthly = i % 2 === 0;
    const tenureMonths = 1 + ((i * 7) % 60);
    return {
      attributes: { ...base, contract: monthly ? 'Month-to-month' : 'Two year', tenureMonths },
      churned: monthly ? tenureMonths < 40 || i % 4 === 0 : tenureMonths < 6,
    };
  });

  it('ranks risky customers above safe ones and names the drivers', () => {
    const model = ChurnModel.train(rows);
    const risky = model.score({ ...base, contract: 'Month-to-month', tenureMonths: 2 });
    const safe = model.score({ ...base, contract: 'Two year', tenureMonths: 50 });
    expect(risky.probability).toBeGreaterThan(0.6);
    expect(safe.probability).toBeLessThan(0.3);
    expect(risky.band).toBe('high');
    expect(risky.drivers).toContain('month-to-month contract');
    expect(risky.drivers).toContain('short tenure (2 months)');
    expect(safe.drivers).not.toContain('month-to-month contract');
  });

  it('round-trips through JSON with identical scores', () => {
    const model = ChurnModel.train(rows);
    const restored = ChurnModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.probability(base)).toBe(model.probability(base));
    expect(() => ChurnModel.fromJSON({ kind: 'other' })).toThrow('churn model file is invalid');
  });

  const telco = '../shared/datasets/telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv';
  it.skipIf(!existsSync(telco))('reaches the published range on the telco data (5-fold ROC-AUC)', async () => {
    const cv = crossValidate(await readTelcoLabelled(telco));
    expect(cv.auc).toBeGreaterThan(0.84);
  }, 60_000);
});
