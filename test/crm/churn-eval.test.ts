import { describe, expect, it } from 'vitest';
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

  it('refuses a meaningless fold count', () => {
    expect(() => evaluateChurn(rows, 1)).toThrow('--folds');
  });
});
