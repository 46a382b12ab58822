// The churn maths against hand-computed values, the drivers' wording, the model file, and the telco benchmark.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHURN_MODEL_FILE, ChurnModel, trainChurnModel } from '../../src/crm/churn-model.js';
import { loadChurnScorer } from '../../src/crm/churn-model-file.js';
import { crossValidate, readTelcoLabelled, rocAuc, stratifiedFolds, trainDemoChurnModel } from '../../src/crm/churn-training.js';
import { loadDemoSample } from '../../src/crm/demo-sample.js';
import { silentLogger } from '../../src/logger.js';
import type { SubscriptionAttributes } from '../../src/store/ports.js';

const base: SubscriptionAttributes = { tenureMonths: 24, contract: 'One year', monthlyCharges: 50, internetService: 'DSL', paymentMethod: 'Mailed check', techSupport: 'Yes' };

describe('ROC-AUC and folds', () => {
  it('matches hand-computed values, ties counted half', () => {
    // Pairs (pos, neg): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓ → 3/4.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75);
    expect(rocAuc([0.5, 0.5], [false, true])).toBeCloseTo(0.5);
    // (0.2 vs 0.2) half, (0.9 vs 0.2) ✓, two negatives → (0.5 + 1 + 1 + 1) / 4.
    expect(rocAuc([0.2, 0.2, 0.9, 0.1], [true, false, true, false])).toBeCloseTo(0.875);
    expect(rocAuc([1, 2, 3], [false, false, false])).toBeNaN();
  });

  it('assigns stratified, deterministic folds', () => {
    const labels = Array.from({ length: 50 }, (_, i) => i % 5 === 0);
    const folds = stratifiedFolds(labels, 5);
    expect(stratifiedFolds(labels, 5)).toEqual(folds);
    expect(stratifiedFolds(labels, 5, 7)).not.toEqual(folds);
    for (let f = 0; f < 5; f++) {
      expect(labels.filter((y, i) => y && folds[i] === f)).toHaveLength(2);
      expect(labels.filter((y, i) => !y && folds[i] === f)).toHaveLength(8);
    }
  });
});

describe('logistic regression on a hand-checkable set', () => {
  // Only the contract varies: month-to-month 4 of 6 churned, two-year 1 of 6.
  const same = { tenureMonths: 12, monthlyCharges: 50 };
  const rows = [
    ...[true, true, true, true, false, false].map((churned) => ({ attributes: { ...same, contract: 'Month-to-month' }, churned })),
    ...[true, false, false, false, false, false].map((churned) => ({ attributes: { ...same, contract: 'Two year' }, churned })),
  ];
  const m2m = { ...same, contract: 'Month-to-month' };
  const twoYear = { ...same, contract: 'Two year' };

  it('without a penalty, predicts each group’s churn rate (the maximum-likelihood fit)', () => {
    const model = trainChurnModel(rows, { l2: 0, epochs: 1000 });
    expect(model.probability(m2m)).toBeCloseTo(4 / 6, 6);
    expect(model.probability(twoYear)).toBeCloseTo(1 / 6, 6);
  });

  it('with L2, satisfies the optimality conditions worked out by hand', () => {
    // Standardised one-hot columns are ±1, so z = b ± 2w with w the month-to-month weight. Setting the gradient of
    // mean log-loss + (λ/2)|w|² to zero gives p₁ + p₂ = 2·(5/12) and (p₁ − 4/6) − (p₂ − 1/6) + 2λw = 0.
    const l2 = 0.5;
    const model = trainChurnModel(rows, { l2, epochs: 2000 });
    const file = model.toJSON();
    const w = file.weights[file.features.findIndex((f) => f.name === 'contract=Month-to-month')] ?? Number.NaN;
    const [p1, p2] = [model.probability(m2m), model.probability(twoYear)];
    expect(p1 + p2).toBeCloseTo(10 / 12, 6);
    expect(p1 - 4 / 6 - (p2 - 1 / 6) + 2 * l2 * w).toBeCloseTo(0, 6);
    expect(p1 - p2).toBeLessThan(4 / 6 - 1 / 6);
  });

  it('refuses too little data', () => {
    expect(() => trainChurnModel(rows.slice(0, 5))).toThrow(expect.objectContaining({ code: 'CHURN_TOO_FEW_ROWS' }));
  });
});

describe('churn model', () => {
  // Month-to-month, short-tenure fibre customers without tech support churn; long contracts stay.
  const rows = Array.from({ length: 160 }, (_, i) => {
    const monthly = i % 2 === 0;
    const fibre = i % 3 !== 0;
    const tenureMonths = 1 + ((i * 7) % 60);
    const attributes = { ...base, contract: monthly ? 'Month-to-month' : 'Two year', tenureMonths, internetService: fibre ? 'Fiber optic' : 'DSL', techSupport: i % 5 < 3 ? 'No' : 'Yes' };
    return { attributes, churned: (monthly && (tenureMonths < 30 || (fibre && attributes.techSupport === 'No'))) || (!monthly && tenureMonths < 4) };
  });

  it('ranks risky customers above safe ones and says why in plain words', () => {
    const model = trainChurnModel(rows);
    const risky = model.score({ ...base, contract: 'Month-to-month', tenureMonths: 2, internetService: 'Fiber optic', techSupport: 'No' });
    const safe = model.score({ ...base, contract: 'Two year', tenureMonths: 50 });
    expect(risky).toMatchObject({ band: 'high', model: expect.stringMatching(/^churn-logreg@\d{4}-\d{2}-\d{2}$/) });
    expect(risky.probability).toBeGreaterThan(0.6);
    expect(safe.probability).toBeLessThan(0.3);
    expect(safe.band).toBe('low');
    expect(risky.drivers).toHaveLength(3);
    expect(risky.drivers).toEqual(expect.arrayContaining(['month-to-month contract', 'short tenure (2 months)', 'fibre optic internet without tech support']));
    expect(safe.drivers).not.toContain('month-to-month contract');
  });

  it('round-trips through JSON with identical scores, and rejects a foreign file', () => {
    const model = trainChurnModel(rows, { now: new Date('2026-01-02T00:00:00Z') });
    const restored = ChurnModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.probability(base)).toBe(model.probability(base));
    expect(restored.score(base)).toEqual(model.score(base));
    expect(() => ChurnModel.fromJSON({ kind: 'other' })).toThrow(expect.objectContaining({ code: 'CHURN_MODEL_INVALID' }));
    expect(() => ChurnModel.fromJSON({ ...model.toJSON(), weights: [1] })).toThrow('one weight per feature expected');
  });
});

describe('a logistic-regression model file from an older install', () => {
  it('carries provenance and cross-validated figures, and loads back through the loader the app uses', () => {
    const modelsDir = mkdtempSync(join(tmpdir(), 'concierge-models-'));
    try {
      const model = trainDemoChurnModel(loadDemoSample(), new Date('2026-01-02T00:00:00Z'));
      const file = model.toJSON();
      expect(file).toMatchObject({ kind: 'churn-logreg', trainedAt: '2026-01-02T00:00:00.000Z', training: { rows: 300, churned: 80 }, metrics: { folds: 5, seed: 42, rows: 300 } });
      expect(file.metrics?.cvRocAuc).toBeGreaterThan(0.75);
      mkdirSync(join(modelsDir, 'old'));
      writeFileSync(join(modelsDir, 'old', CHURN_MODEL_FILE), JSON.stringify(file));
      const loaded = loadChurnScorer(join(modelsDir, 'old'), silentLogger);
      expect(loaded?.probability(base)).toBe(model.probability(base));
      expect(loadChurnScorer(join(modelsDir, 'none'), silentLogger)).toBeNull();
    } finally {
      rmSync(modelsDir, { recursive: true, force: true });
    }
  });
});

const telco = join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'telco-churn', 'WA_Fn-UseC_-Telco-Customer-Churn.csv');
describe.skipIf(!existsSync(telco))('on the full IBM Telco data set (skipped where it is absent)', () => {
  it('reaches the published range: stratified 5-fold ROC-AUC, seed 42', async () => {
    const rows = await readTelcoLabelled(telco);
    expect(rows).toHaveLength(7043);
    const cv = crossValidate(rows);
    // Literature ~0.84–0.86; scikit-learn one-hot LR on the same protocol 0.845 (shared/NOTES.md).
    expect(cv.auc).toBeGreaterThan(0.84);
    expect(cv.aucStd).toBeLessThan(0.03);
  }, 120_000);
});
