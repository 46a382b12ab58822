// Customer context end to end on the real embedded store: imported and seeded customers, with and without a model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainDemoChurnModel } from '../../src/crm/churn-training.js';
import { createCustomerInsights } from '../../src/crm/customer-insights.js';
import { loadDemoSample } from '../../src/crm/demo-sample.js';
import { seedDemoData } from '../../src/crm/demo-seed.js';
import { importRetail } from '../../src/crm/import-retail.js';
import { importTelco } from '../../src/crm/import-telco.js';
import { buildCustomerModels, type CustomerModels } from '../../src/crm/segment-model.js';
import { silentLogger } from '../../src/logger.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/ports.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'crm');
const now = new Date('2026-11-23T12:00:00Z');
const sample = loadDemoSample();
const churnModel = trainDemoChurnModel(sample, now);
let dataDir: string;
let store: Store;
let models: CustomerModels;
const recommender = () => models.recommender;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-insights-'));
  store = await createStore({ dataDir, mongo: null, logger: silentLogger });
  await seedDemoData(store, { now, logger: silentLogger, sample });
  await importRetail(store, join(fixtures, 'transactions.csv'), { now });
  await importTelco(store, join(fixtures, 'telco.csv'), { now });
  models = await buildCustomerModels(store, { now });
}, 60_000);
afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('customer context', () => {
  it('gives a demo customer their newest orders, churn risk with drivers, and recommendations', async () => {
    const insights = createCustomerInsights({ store, churnModel, recommender });
    const id = sample.customers.reduce((best, c) => (c.orders.length > best.orders.length ? c : best)).id;
    const context = await insights.contextFor(id);
    expect(context?.customer).toMatchObject({ id, source: 'demo' });
    const orders = context?.orders ?? [];
    expect(orders.length).toBe(Math.min(10, sample.customers.find((c) => c.id === id)?.orders.length ?? 0));
    expect(orders.map((o) => o.placedAt)).toEqual([...orders.map((o) => o.placedAt)].sort().reverse());
    expect(context?.churn).toMatchObject({ band: expect.stringMatching(/^(low|medium|high)$/), model: 'churn-logreg@2026-11-23' });
    expect(context?.churn?.probability).toBeCloseTo(churnModel.probability(context?.customer.subscription ?? { tenureMonths: 0, contract: '', monthlyCharges: 0 }), 3);
    expect(context?.recommendations).toHaveLength(3);
    for (const r of context?.recommendations ?? []) {
      expect(await store.products.get(r.productId)).toMatchObject({ name: r.name, unitPrice: r.unitPrice });
      expect(r.reason).toMatch(/^(you've ordered this|because you bought|similar to .+ you bought|popular this month|one of our best sellers|often bought together)/);
    }
    // One re-order at most, then products new to the customer.
    const bought = new Set(context?.history?.flatMap((o) => o.lines.map((l) => l.productId)));
    expect(context?.recommendations.slice(1).every((r) => !bought.has(r.productId))).toBe(true);
  });

  it('recommends from an imported retail history and leaves churn out when there is no subscription', async () => {
    const context = await createCustomerInsights({ store, churnModel, recommender, recommendationLimit: 5 }).contextFor('17850');
    expect(context?.churn).toBeNull();
    expect(context?.orders.map((o) => o.id)).toEqual(['C536379', '536366', '536365']);
    const recs = context?.recommendations ?? [];
    expect(recs).toHaveLength(5);
    // First their own favourite (each bought once), then products they never bought; postage is never recommended.
    expect(['22633', '71053', '85123A']).toContain(recs[0]?.productId);
    expect(recs[0]?.reason).toBe("you've ordered this before");
    for (const r of recs.slice(1)) expect(['22633', '71053', '85123A', 'POST']).not.toContain(r.productId);
    expect(recs.every((r) => r.reason.length > 0)).toBe(true);
  });

  it('scores a telco customer, and shows no churn when no model is loaded', async () => {
    const withModel = await createCustomerInsights({ store, churnModel, recommender }).contextFor('9237-HQITU');
    expect(withModel?.churn?.drivers.length).toBeGreaterThan(0);
    expect(withModel?.orders).toEqual([]);
    // No purchases: popularity is all there is to go on.
    expect(withModel?.recommendations.length).toBe(3);
    for (const r of withModel?.recommendations ?? []) expect(r.reason).toMatch(/^(popular this month|one of our best sellers)$/);
    expect((await createCustomerInsights({ store, churnModel }).contextFor('9237-HQITU'))?.recommendations).toEqual([]);
    expect((await createCustomerInsights({ store, churnModel: null }).contextFor('9237-HQITU'))?.churn).toBeNull();
  });

  it('returns null for an unknown customer', async () => {
    expect(await createCustomerInsights({ store, churnModel }).contextFor('no-such-customer')).toBeNull();
  });
});
