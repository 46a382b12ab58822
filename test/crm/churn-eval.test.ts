import { describe, expect, it } from 'vitest';
import { BlendedChurnModel } from '../../src/crm/churn-blend.js';
import { evaluateChurn } from '../../src/crm/churn-eval.js';
import type { SubscriptionAttributes } from '../../src/store/ports.js';

const base: SubscriptionAttributes = { tenureMonths: 24, contract: 'One year', monthlyCharges: 50, internetService: 'DSL' };

describe('churn-eval', () => {
  // Churn depends on the contract, not on tenure: the full model must beat the tenure-only baseline.
  const rows = Array.from({ length: 200 }, (_, i) => {
    const monthly = i % 2 === 0;
    return { attributes: { ...base, contract: monthly ? 'Month-to-month' : 'Two year', tenureMonths: 1 + ((i * 13) % 70) }, churned: monthly ? i % 10 !== 0 : i % 10 === 1 };
  });

  it('reports AUC over stratified folds, Brier and log-loss of out-of-fold probabilities, and the tenure-only baseline', () => {
    const r = evaluateChurn(rows, 5);
    expect(r.folds).toBe(5);
    expect(r.rows).toBe(200);
    expect(r.auc).toBeGreaterThan(0.75);
    expect(r.auc).toBeGreaterThan(r.baselines.tenureOnly.auc + 0.15);
    expect(r.baselines.tenureOnly.auc).toBeLessThan(0.65);
    expect(r.brier).toBeGreaterThan(0);
    expect(r.brier).toBeLessThan(0.25);
    expect(r.logLoss).toBeLessThan(Math.log(2));
    expect(evaluateChurn(rows, 5)).toEqual(r);
  });

  it('chooses the regression penalty inside each training fold, from the candidates given', () => {
    const r = evaluateChurn(rows, 5, 42, { l2Candidates: [1e-3, 0.3], engineered: ['tenureBin'] });
    expect(r.l2s).toHaveLength(5);
    for (const l2 of r.l2s) expect([1e-3, 0.3]).toContain(l2);
    expect(evaluateChurn(rows, 5).l2s).toEqual([1e-3, 1e-3, 1e-3, 1e-3, 1e-3]);
  });

  it('refuses a meaningless fold count', () => {
    expect(() => evaluateChurn(rows, 1)).toThrow('--folds');
  });

  it('chooses the tree settings by the inner CV when given candidates, deterministically', () => {
    const options = { boostingCandidates: [{ trees: 3, learningRate: 0.01 }, { trees: 40, learningRate: 0.2, minLeaf: 5 }] };
    const a = BlendedChurnModel.train(rows, options);
    expect([3, 40]).toContain(a.parts.gbm.file.options.trees);
    const b = BlendedChurnModel.train(rows, options);
    expect(b.parts.gbm.file).toEqual(a.parts.gbm.file);
    expect([b.parts.lrWeight, b.parts.calibration]).toEqual([a.parts.lrWeight, a.parts.calibration]);
    // Month-to-month (row 2) is the risky contract in this set, two-year (row 3) the safe one.
    expect(a.probability(rows[2]?.attributes ?? base)).toBeGreaterThan(a.probability(rows[3]?.attributes ?? base));
  });
});
