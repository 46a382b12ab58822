// The shipped demo sample and its seeding: deterministic for a given "now", idempotent, realistic order states.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SAMPLE_PATH, compactDemoSample, expandDemoSample, loadDemoSample } from '../../src/crm/demo-sample.js';
import { demoCustomerExamples, demoCustomers, demoData, seedDemoData } from '../../src/crm/demo-seed.js';
import { silentLogger } from '../../src/logger.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/ports.js';

const DAY = 86_400_000;
const sample = loadDemoSample();
const now = new Date('2026-11-23T12:00:00Z');
const dirs: string[] = [];

async function freshStore(): Promise<Store> {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-demo-'));
  dirs.push(dataDir);
  return createStore({ dataDir, mongo: null, logger: silentLogger });
}

async function dump(store: Store) {
  const customers = await store.customers.list({ limit: 10_000 });
  const orders = (await Promise.all(customers.map((c) => store.orders.listByCustomer(c.id, 1000)))).flat();
  const products = await store.products.list({ limit: 10_000 });
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  return { customers: byId(customers), orders: byId(orders), products: byId(products) };
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('demo sample', () => {
  it('is small, licensed, and pairs every retail customer with telco attributes at the data set’s churn rate', () => {
    expect(statSync(DEMO_SAMPLE_PATH).size).toBeLessThan(1_500_000);
    expect(sample.licence.sources.map((s) => s.licence)).toEqual(['CC0', 'Apache-2.0']);
    expect(sample.customers).toHaveLength(300);
    expect(sample.customers.filter((c) => c.subscription.churned)).toHaveLength(80);
    expect(sample.customers.every((c) => c.orders.length >= 3 && c.country)).toBe(true);
    expect(expandDemoSample(compactDemoSample(sample))).toEqual(sample);
  });

  it('fails with a stable code when the file is not a demo sample', () => {
    expect(() => loadDemoSample(join(import.meta.dirname, '..', 'fixtures', 'crm', 'customers.csv'))).toThrow(expect.objectContaining({ code: 'DEMO_SAMPLE_UNREADABLE' }));
  });
});

describe('demo data at a given moment', () => {
  it('moves dates so the newest order is two days old, with last week’s orders still on their way', () => {
    const { customers, orders } = demoData(sample, now);
    expect(demoData(sample, now)).toEqual({ customers, orders });
    expect(customers.every((c) => c.subscription && c.name && c.email?.endsWith('@example.com') && c.source === 'demo')).toBe(true);
    expect(new Set(orders.map((o) => o.customerId)).size).toBe(customers.length);
    const newest = orders.reduce((max, o) => (o.placedAt > max ? o.placedAt : max), '');
    expect(Date.parse(newest)).toBe(now.getTime() - 2 * DAY);
    for (const o of orders) {
      const age = (now.getTime() - Date.parse(o.placedAt)) / DAY;
      if (o.id.startsWith('C')) expect(o.status).toBe('cancelled');
      else if (age < 7) expect(o.status === 'processing' || o.status === 'shipped').toBe(true);
      else expect(o).toMatchObject({ status: 'delivered', deliveredAt: expect.any(String) });
      if (o.status === 'processing' || o.status === 'shipped') expect(Date.parse(o.expectedDeliveryAt ?? '')).toBeGreaterThan(now.getTime());
    }
    expect(orders.some((o) => o.status === 'processing')).toBe(true);
    expect(orders.some((o) => o.status === 'shipped')).toBe(true);
  });

  it('names a few example customers with an order on its way', () => {
    const examples = demoCustomers(sample, 3, now);
    expect(examples).toHaveLength(3);
    const { orders } = demoData(sample, now);
    for (const e of examples) {
      expect(e.email).toMatch(/@example\.com$/);
      expect(orders.some((o) => o.customerId === e.id && (o.status === 'processing' || o.status === 'shipped'))).toBe(true);
    }
  });
});

describe('seeding a store', () => {
  it('gives identical data in two stores for the same "now", and never duplicates on a re-run', async () => {
    const [a, b] = [await freshStore(), await freshStore()];
    try {
      const seeded = await seedDemoData(a, { now, logger: silentLogger });
      expect(seeded).toMatchObject({ customers: 300, orders: 1674, products: 2778 });
      expect(seeded.examples).toEqual(demoCustomers(sample, 3, now));
      await seedDemoData(b, { now, logger: silentLogger });
      const first = await dump(a);
      expect(await dump(b)).toEqual(first);

      await a.customers.linkRef(seeded.examples[0]?.id ?? '', 'teams:aad-7');
      await seedDemoData(a, { now, logger: silentLogger });
      expect([await a.customers.count(), await a.orders.count(), await a.products.count()]).toEqual([300, 1674, 2778]);
      expect((await a.customers.get(seeded.examples[0]?.id ?? ''))?.externalRefs).toEqual(['teams:aad-7']);
      expect((await demoCustomerExamples(a, 2)).length).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 60_000);
});
