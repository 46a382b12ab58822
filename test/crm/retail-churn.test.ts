// Retail-behaviour churn: features from before the cut-off only (no leakage), labels from after it, the model and
// its baselines over stratified folds, and run-time scoring from a customer's orders.
import { describe, expect, it } from 'vitest';
import { DAY_MS, customerFeatures, retailCutoff, retailFeatures, retailLabels } from '../../src/crm/retail-churn-features.js';
import { join } from 'node:path';
import { evaluateRetailChurn, loadRetailChurnModel, ordersToLines, retailDataset } from '../../src/crm/retail-churn.js';
import { silentLogger } from '../../src/logger.js';
import type { PurchaseLine } from '../../src/recommend/interactions.js';
import type { Order } from '../../src/store/ports.js';

const T0 = Date.UTC(2011, 0, 1);
const line = (customerId: string, invoiceId: string, day: number, quantity = 2, unitPrice = 5): PurchaseLine => ({
  customerId, invoiceId, timestamp: T0 + day * DAY_MS, itemId: `I${invoiceId}`, description: 'ITEM', quantity, unitPrice,
});

// Data runs to day 300, so the cut-off is day 210.
const fixture: PurchaseLine[] = [
  line('a', '1', 10), line('a', '2', 100), line('a', '3', 200), line('a', 'C4', 201, -1), line('a', '5', 250),
  line('b', '6', 50), line('b', '7', 60),
  line('c', '8', 150), line('c', '9', 300),
  line('d', '10', 260),
];

describe('retail churn features and labels', () => {
  const cutoff = retailCutoff(fixture);

  it('cuts 90 days before the end and labels churn as no purchase after the cut-off', () => {
    expect(cutoff).toBe(T0 + 210 * DAY_MS);
    const features = retailFeatures(fixture, cutoff);
    // d only bought after the cut-off: not a customer the model may learn from.
    expect([...features.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(Object.fromEntries(retailLabels(fixture, cutoff, features.keys()))).toEqual({ a: false, b: true, c: false });
  });

  it('computes recency, frequency, monetary, gaps and returns by hand', () => {
    const a = retailFeatures(fixture, cutoff).get('a');
    expect(a?.recencyDays).toBe(10);
    expect(a?.frequency).toBe(3);
    expect(a?.monetary).toBe(30);
    expect(a?.tenureDays).toBe(200);
    expect(a?.meanGapDays).toBe(95);
    expect(a?.lastGapDays).toBe(100);
    expect(a?.invoicesLast90).toBe(1);
    expect(a?.returnsShare).toBeCloseTo(5 / 35, 12);
  });

  it('cannot be changed by anything after the cut-off (no leakage)', () => {
    const before = retailFeatures(fixture, cutoff);
    const withLater = [...fixture, line('b', '99', 220, 100, 100), line('a', 'C98', 280, -50), line('c', '97', 211, 7, 7)];
    expect(retailFeatures(withLater, cutoff)).toEqual(before);
    // … while the label of b flips: the future only ever reaches the label.
    expect(retailLabels(withLater, cutoff, before.keys()).get('b')).toBe(false);
  });
});

describe('retail churn model', () => {
  // 200 synthetic customers: those who bought recently and often keep buying after the cut-off.
  const lines: PurchaseLine[] = [];
  for (let c = 0; c < 200; c++) {
    const loyal = c % 2 === 0;
    const orders = loyal ? 4 + (c % 5) : 1 + (c % 2);
    for (let o = 0; o < orders; o++) lines.push(line(`c${c}`, `${c}-${o}`, loyal ? 200 - o * 20 - (c % 7) : 40 + o * 15 + (c % 11)));
    if (loyal ? c % 10 !== 0 : c % 10 === 1) lines.push(line(`c${c}`, `${c}-after`, 250 + (c % 40)));
  }
  lines.push(line('end', 'end', 300));

  it('ranks well above chance, reports the baselines on the same folds and is deterministic', () => {
    const data = retailDataset(lines);
    expect(data.X).toHaveLength(200);
    const r = evaluateRetailChurn(data, 5);
    expect(r.auc).toBeGreaterThan(0.8);
    expect(r.baselines.recencyOnly?.auc).toBeGreaterThan(0.5);
    expect(r.baselines.tenureOnly.auc).toBeDefined();
    expect(evaluateRetailChurn(data, 5)).toEqual(r);
  });

  it('turns orders into purchase lines, cancelled orders as returns', () => {
    const order = (id: string, day: number, status: Order['status']): Order => ({
      id, customerId: 'x', placedAt: new Date(T0 + day * DAY_MS).toISOString(), status, total: 10, currency: 'GBP',
      lines: [{ productId: 'p', description: 'P', quantity: 2, unitPrice: 5 }],
    });
    const lines = ordersToLines([order('1', 0, 'delivered'), order('2', 10, 'cancelled')]);
    const f = customerFeatures(lines, T0 + 20 * DAY_MS);
    expect(f?.frequency).toBe(1);
    expect(f?.recencyDays).toBe(20);
    expect(f?.returnsShare).toBeCloseTo(0.5, 12);
  });

  it('the shipped model scores a lapsed one-off buyer above a frequent recent buyer', () => {
    const model = loadRetailChurnModel(join(import.meta.dirname, '..', '..', 'models'), silentLogger);
    const order = (id: string, day: number): Order => ({
      id, customerId: 'x', placedAt: new Date(T0 + day * DAY_MS).toISOString(), status: 'delivered', total: 40, currency: 'GBP',
      lines: [{ productId: 'p', description: 'P', quantity: 4, unitPrice: 10 }],
    });
    const now = new Date(T0 + 400 * DAY_MS);
    const frequent = model?.score(Array.from({ length: 12 }, (_, i) => order(`f${i}`, 395 - i * 30)), now);
    const lapsed = model?.score([order('l', 250)], now);
    expect(lapsed?.probability).toBeGreaterThan((frequent?.probability ?? 1) + 0.2);
    expect(lapsed?.drivers[0]).toBe('last order 150 days ago');
    expect(lapsed?.model).toMatch(/^retail-churn-gbm@/);
    expect(model?.score([], now)).toBeNull();
  });
});
