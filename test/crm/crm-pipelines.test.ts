// The CRM's whole-store pipelines on both stores: a hand-computed fixture (a cancelled, a returned and a line-less
// order, one customer with nothing that counts), the embedded fast path against mingo, the embedded store against
// MongoDB (CongoDB), and the segment model from the pipeline against the old in-process computation on the demo data.
import { Aggregator } from 'mingo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_STATS_PIPELINE, customerStatsFromStore } from '../../src/crm/crm-pipelines.js';
import { statsByCustomer, type CustomerStats } from '../../src/crm/customer-stats.js';
import { seedDemoData } from '../../src/crm/demo-seed.js';
import { buildCustomerModels, segmentModelFrom } from '../../src/crm/segment-model.js';
import { silentLogger } from '../../src/logger.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { runFastPipeline } from '../../src/store/embedded/fast-stages.js';
import type { AggregationPipeline, Order, OrderStatus, Store } from '../../src/store/ports.js';
import { openEmbedded, openMongo, startCongo, type OpenedStore } from '../reports/report-fixtures.js';

type Doc = Record<string, unknown>;
const now = new Date('2026-11-23T12:00:00Z');

function order(id: string, customerId: string, placedAt: string, status: OrderStatus, total: number, lines: Array<[string, number]>, currency = 'GBP'): Order {
  return {
    id, customerId, placedAt: `${placedAt}T10:00:00.000Z`, status, total, currency,
    lines: lines.map(([productId, quantity]) => ({ productId, description: productId.toUpperCase(), quantity, unitPrice: 1 })),
  };
}

const FIXTURE: Order[] = [
  order('o1', 'c1', '2026-01-05', 'delivered', 10.1, [['p1', 2], ['p2', 1]]),
  order('o2', 'c1', '2026-02-01', 'delivered', 5.2, [['p1', 1]]),
  order('o3', 'c1', '2026-03-01', 'cancelled', 100, [['p3', 5]]),
  order('o4', 'c1', '2026-03-02', 'returned', 50, [['p4', 1]]),
  order('o5', 'c1', '2026-02-10', 'processing', 0, []),
  order('o6', 'c2', '2026-01-20', 'shipped', 3.3, [['p2', 4]], 'EUR'),
  order('o7', 'c2', '2026-01-20', 'delivered', 1, [['p2', 1]]),
  order('o8', 'c3', '2026-01-01', 'cancelled', 9, [['p1', 1]]),
];
const at = (day: string) => `${day}T10:00:00.000Z`;
// By hand: cancelled o3 and returned o4 do not count; o5 counts as an order without products; c3 has nothing left.
const EXPECTED_STATS: CustomerStats[] = [
  { customerId: 'c1', orders: 3, lifetimeValue: 15.3, currency: 'GBP', firstOrderAt: at('2026-01-05'), lastOrderAt: at('2026-02-10'), distinctProducts: 2 },
  { customerId: 'c2', orders: 2, lifetimeValue: 4.3, currency: 'EUR', firstOrderAt: at('2026-01-20'), lastOrderAt: at('2026-01-20'), distinctProducts: 1 },
];

const canonical = (rows: Doc[]) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
const storedOrders = async (store: Store) => (await store.orders.aggregate([{ $match: {} }])) as Doc[];

let congo: Awaited<ReturnType<typeof startCongo>>;
// Polling heartbeats: this file keeps its clients open longer than the driver's first heartbeat (10 s), after which
// the default streaming monitor meets a reply CongoDB frames differently ("Server ended moreToCome unexpectedly"),
// which clears the pool mid-test on a busy machine. A test-server quirk, not a store behaviour.
const congoUri = () => `${congo.uri}/?serverMonitoringMode=poll`;
let embedded: OpenedStore;
let mongo: OpenedStore;
beforeAll(async () => {
  congo = await startCongo();
  embedded = await openEmbedded();
  mongo = await openMongo(congoUri());
  for (const s of [embedded.store, mongo.store]) await s.orders.upsertMany(FIXTURE);
}, 30_000);
afterAll(async () => {
  await embedded?.cleanup();
  await mongo?.cleanup();
  await congo?.stop();
});

describe('CRM pipelines on a hand-computed fixture', () => {
  it('per-customer stats: the hand figures, the same as statsOf, on both stores and through the store guard', async () => {
    expect([...statsByCustomer(FIXTURE).values()]).toEqual(EXPECTED_STATS);
    expect(await customerStatsFromStore(embedded.store.orders)).toEqual(EXPECTED_STATS);
    expect(await customerStatsFromStore(mongo.store.orders)).toEqual(EXPECTED_STATS);
    const guarded = guardStore(embedded.store, { timeoutMs: 5000, logger: silentLogger }).store;
    expect(await customerStatsFromStore(guarded.orders)).toEqual(EXPECTED_STATS);
  });

  it('the embedded fast path answers the stats pipeline itself, exactly as mingo does', async () => {
    const docs = await storedOrders(embedded.store);
    expect(docs).toHaveLength(FIXTURE.length);
    const fast = runFastPipeline(CUSTOMER_STATS_PIPELINE, docs); // throws Unsupported if it would fall back
    const slow = new Aggregator(CUSTOMER_STATS_PIPELINE as Doc[]).run(docs) as Doc[];
    expect(canonical(fast)).toEqual(canonical(slow));
    expect(fast.map((r) => r._id)).toEqual(slow.map((r) => r._id));
  });
});

describe('CRM pipelines on the demo data', () => {
  let demoEmbedded: OpenedStore;
  let demoMongo: OpenedStore;
  let orders: Order[];
  beforeAll(async () => {
    demoEmbedded = await openEmbedded();
    demoMongo = await openMongo(congoUri());
    for (const s of [demoEmbedded.store, demoMongo.store]) await seedDemoData(s, { now, logger: silentLogger });
    orders = await demoEmbedded.store.orders.list({ limit: 100_000 });
  }, 60_000);
  afterAll(async () => {
    await demoEmbedded?.cleanup();
    await demoMongo?.cleanup();
  });

  it('gives statsOf figures for every customer, identical on the embedded store and MongoDB', async () => {
    expect(orders.some((o) => o.status === 'cancelled')).toBe(true);
    const old = [...statsByCustomer(orders).values()].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
    const fromEmbedded = await customerStatsFromStore(demoEmbedded.store.orders);
    expect(fromEmbedded.length).toBeGreaterThan(100);
    expect(fromEmbedded).toEqual(old);
    expect(await customerStatsFromStore(demoMongo.store.orders)).toEqual(fromEmbedded);
  });

  it('builds the same segment model from the pipeline as from every order paged into the process', async () => {
    const before = segmentModelFrom(orders, now);
    expect(before.behaviour?.k).toBeGreaterThanOrEqual(2);
    for (const s of [demoEmbedded.store, demoMongo.store]) {
      const built = await buildCustomerModels(s, { now });
      expect(built.segments).toEqual(before);
    }
  }, 60_000);

  it('the fast path gives mingo\'s rows on the demo orders', async () => {
    const docs = await storedOrders(demoEmbedded.store);
    const pipeline: AggregationPipeline = CUSTOMER_STATS_PIPELINE;
    expect(runFastPipeline(pipeline, docs)).toEqual(new Aggregator(pipeline as Doc[]).run(docs));
  });
});
