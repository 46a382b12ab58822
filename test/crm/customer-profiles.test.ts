// The profile service over a real embedded store: figures from hand-made orders, RFM against the model's cut
// points, incremental updates when an order or a message arrives, and "bought together" by product name.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerProfileService } from '../../src/crm/customer-profiles.js';
import { scoreRfm } from '../../src/crm/rfm.js';
import { segmentModelFrom } from '../../src/crm/segment-model.js';
import { watchCustomerWrites } from '../../src/crm/watch-customer-writes.js';
import { silentLogger } from '../../src/logger.js';
import { createStore } from '../../src/store/create-store.js';
import type { Order, Store } from '../../src/store/ports.js';
import { customer, product } from '../store/fixtures/documents.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const day = (d: number) => new Date(T0 + d * DAY).toISOString();
let seq = 0;
function order(customerId: string, d: number, items: string[], total = 10, status: Order['status'] = 'delivered'): Order {
  seq++;
  return { id: `O${String(seq).padStart(4, '0')}`, customerId, placedAt: day(d), status, currency: 'GBP', total, lines: items.map((id) => ({ productId: id, description: `ITEM ${id}`, quantity: 1, unitPrice: total / items.length })) };
}

let dataDir: string;
let raw: Store;
let store: Store;
let service: CustomerProfileService;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-profiles-'));
  let watched: CustomerProfileService | null = null;
  raw = await createStore({ dataDir, mongo: null, logger: silentLogger });
  store = watchCustomerWrites(raw, () => watched);
  await store.products.upsertMany(['A1', 'B2', 'C3', 'D4'].map((id) => product(id, { name: `Product ${id}` })));
  await store.customers.upsertMany(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'new'].map((id) => customer(id, { createdAt: day(-100) })));
  // c1 buys A1 at gaps of 10, 20 and 40 days (EMA 21.1); c2–c7 buy A1 + B2 together once each.
  await store.orders.upsertMany([
    order('c1', 0, ['A1', 'B2'], 30), order('c1', 10, ['A1', 'B2'], 20), order('c1', 30, ['A1', 'C3'], 25), order('c1', 70, ['A1'], 25),
    order('c1', 71, ['D4'], 99, 'cancelled'),
    ...['c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((c, i) => order(c, 5 * i, ['A1', 'B2'], 5 + i)),
    // Baskets without A1, so that "A1 → B2" has a lift above 1.
    ...['c3', 'c4', 'c5'].map((c) => order(c, 50, ['C3'], 4)),
  ]);
  service = new CustomerProfileService({ store, churnModel: null, logger: silentLogger, now: () => new Date(day(75)) });
  watched = service;
  await service.refresh();
}, 30_000);

afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('customer profile service', () => {
  it('builds the profile figures from the customer\'s orders (cancelled ones left out)', async () => {
    const p = (await service.profileFor('c1'))!;
    expect(p.orders).toEqual({ count: 4, lifetimeValue: 100, currency: 'GBP', lastOrderAt: day(70) });
    expect(p.since).toBe(day(-100));
    expect(p.nextPurchase).toEqual({ meanGapDays: 21.1, expectedAt: new Date(T0 + (70 + 21.1) * DAY).toISOString() });
    const models = service.currentModels!.segments;
    expect(models.customers).toBe(7);
    expect(models.referenceMs).toBe(Date.parse(day(70)));
    const expected = scoreRfm({ recencyDays: 0, frequency: 4, monetary: 100 }, models.rfm!);
    expect(p.rfm).toEqual({ recency: expected.recency, frequency: expected.frequency, monetary: expected.monetary, score: expected.score, segment: expected.segment });
    expect(p.rfm).toMatchObject({ recency: 5, frequency: 5, monetary: 5, segment: 'Champions' });
    expect(p.behaviourSegment?.k).toBe(models.behaviour!.k);
    expect(p.churn).toBeUndefined();
    expect(p.recommendations.length).toBeGreaterThan(0);
  });

  it('gives a customer without orders popular items and no RFM', async () => {
    const p = (await service.profileFor('new'))!;
    expect(p.orders).toEqual({ count: 0, lifetimeValue: 0, currency: 'GBP' });
    expect(p.rfm).toBeUndefined();
    expect(p.nextPurchase).toBeUndefined();
    // In the 30 days before the newest order, C3 was bought three times and A1 once.
    expect(p.recommendations.map((r) => r.productId).slice(0, 2)).toEqual(['C3', 'A1']);
    expect(p.recommendations.every((r) => /popular|best sellers/.test(r.reason))).toBe(true);
    expect(await service.profileFor('nobody')).toBeNull();
  });

  it('updates a cached profile when a message arrives, and rescores it when an order arrives', async () => {
    const before = (await service.profileFor('c2'))!;
    expect(await service.profileFor('c2')).toBe(before);
    expect(before.channels).toEqual([]);
    await store.interactions.append({ id: 'i1', conversationId: 'k1', channel: 'teams', customerId: 'c2', sender: 'customer', text: 'hi', at: day(74) });
    const messaged = (await service.profileFor('c2'))!;
    expect(messaged.channels).toEqual(['teams']);
    expect(messaged.recentInteractions).toEqual([{ at: day(74), channel: 'teams', sender: 'customer', text: 'hi' }]);
    expect(messaged.orders.count).toBe(1);
    await store.orders.upsertMany([order('c2', 74, ['C3'], 40)]);
    const ordered = (await service.profileFor('c2'))!;
    expect(ordered.orders).toMatchObject({ count: 2, lifetimeValue: 45, lastOrderAt: day(74) });
    expect(ordered.rfm?.recency).toBe(5);
    expect(ordered.channels).toEqual(['teams']);
  });

  it('sees writes made elsewhere only once a cached profile is older than maxAgeMs', async () => {
    const reread = new CustomerProfileService({ store: raw, churnModel: null, logger: silentLogger, now: () => new Date(day(75)), maxAgeMs: 0 });
    await reread.refresh();
    const before = (await service.profileFor('c6'))!.orders.count;
    expect((await reread.profileFor('c6'))!.orders.count).toBe(before);
    // Written past the watched store, as another process would.
    await raw.orders.upsertMany([order('c6', 73, ['B2'], 7)]);
    expect((await service.profileFor('c6'))!.orders.count).toBe(before);
    expect((await reread.profileFor('c6'))!.orders.count).toBe(before + 1);
  });

  it('answers "bought together" by product id or catalogue name, with the reason', () => {
    const byName = service.boughtTogether('product a1', 3);
    expect(byName[0]).toMatchObject({ productId: 'B2', name: 'Product B2' });
    expect(byName[0]!.reason).toMatch(/% of orders with .+ also had this/);
    expect(service.boughtTogether('A1', 3)).toEqual(byName);
    expect(service.boughtTogether('nothing', 3)).toEqual([]);
  });

  it('builds the customer-base models from modelStore when given one (bulk reads without the per-call deadline)', async () => {
    const refused = new Error('the per-call store must not run the build');
    const turnStore: Store = { ...store, orders: { ...store.orders, aggregate: () => Promise.reject(refused) } };
    const deps = { store: turnStore, churnModel: null, logger: silentLogger, now: () => new Date(day(75)) };
    await expect(new CustomerProfileService(deps).refresh()).rejects.toBe(refused);
    const built = await new CustomerProfileService({ ...deps, modelStore: raw }).refresh();
    expect(built.segments).toEqual(segmentModelFrom(await raw.orders.list({ limit: 1000 }), new Date(day(75))));
  });
});
