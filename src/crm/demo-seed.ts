// Seeds the demo CRM from the sample shipped in src/crm/demo/: customers with purchase histories and subscription
// attributes. Every date moves by the same amount so the newest order is two days old at `now`; orders of the last
// week are still on their way. Deterministic for a given `now`, and idempotent (upserts by id).
import type { Logger } from '../logger.js';
import type { Customer, Order, OrderStatus, Store } from '../store/ports.js';
import { upsertCustomers } from './customer-upsert.js';
import { loadDemoSample, type DemoSample } from './demo-sample.js';
import { generatedIdentity } from './generated-names.js';

export { DEMO_SAMPLE_PATH, loadDemoSample, type DemoSample } from './demo-sample.js';

const DAY = 86_400_000;
const BATCH = 1000;

export interface DemoCustomerExample {
  id: string;
  name: string;
  email?: string;
}

/** Days after placing: in the last 3 days still being packed, then on its way until a week old. */
function statusFor(id: string, ageDays: number): { status: OrderStatus; expected?: number; delivered?: number } {
  if (id.toUpperCase().startsWith('C')) return { status: 'cancelled' };
  if (ageDays < 3) return { status: 'processing', expected: 6 };
  if (ageDays < 7) return { status: 'shipped', expected: 9 };
  return { status: 'delivered', delivered: 3 };
}

/** The demo CRM as it looks at `now`. */
export function demoData(sample: DemoSample, now: Date): { customers: Customer[]; orders: Order[] } {
  const shift = now.getTime() - 2 * DAY - Date.parse(sample.dataEndsAt);
  const at = now.toISOString();
  const customers: Customer[] = [];
  const orders: Order[] = [];
  for (const c of sample.customers) {
    customers.push({ id: c.id, ...generatedIdentity(c.id), ...(c.country ? { country: c.country } : {}), source: 'demo', subscription: c.subscription, createdAt: at, updatedAt: at });
    for (const o of c.orders) {
      const placed = Date.parse(o.placedAt) + shift;
      const { status, expected, delivered } = statusFor(o.id, (now.getTime() - placed) / DAY);
      orders.push({
        id: o.id,
        customerId: c.id,
        placedAt: new Date(placed).toISOString(),
        status,
        lines: o.lines.map((l) => ({ ...l })),
        total: Math.round(o.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100,
        currency: 'GBP',
        ...(expected ? { expectedDeliveryAt: new Date(placed + expected * DAY).toISOString() } : {}),
        ...(delivered ? { deliveredAt: new Date(placed + delivered * DAY).toISOString() } : {}),
      });
    }
  }
  return { customers, orders };
}

/** A few demo customers worth trying (for the README, the start-up log and tests): an order on its way first. */
export function demoCustomers(sample: DemoSample, count = 3, now = new Date()): DemoCustomerExample[] {
  const { customers, orders } = demoData(sample, now);
  const inTransit = new Set(orders.filter((o) => o.status === 'processing' || o.status === 'shipped').map((o) => o.customerId));
  return [...customers]
    .sort((a, b) => Number(inTransit.has(b.id)) - Number(inTransit.has(a.id)))
    .slice(0, count)
    .map((c) => ({ id: c.id, name: c.name, ...(c.email ? { email: c.email } : {}) }));
}

export async function seedDemoData(store: Store, options: { now: Date; logger: Logger; sample?: DemoSample }) {
  const started = performance.now();
  const sample = options.sample ?? loadDemoSample();
  const { customers, orders } = demoData(sample, options.now);
  await store.products.upsertMany(sample.products);
  // Merged with what is on file, so re-seeding never unlinks a customer's Teams identity.
  await upsertCustomers(store, customers);
  for (let i = 0; i < orders.length; i += BATCH) await store.orders.upsertMany(orders.slice(i, i + BATCH));
  const result = { customers: customers.length, orders: orders.length, products: sample.products.length, examples: demoCustomers(sample, 3, options.now) };
  options.logger.debug('crm.demo.seeded', { customers: result.customers, orders: result.orders, products: result.products, ms: Math.round(performance.now() - started) });
  return result;
}

/** Demo customers from the store (whatever seeded it) with an order still on its way. */
export async function demoCustomerExamples(store: Store, count = 3): Promise<DemoCustomerExample[]> {
  const examples: DemoCustomerExample[] = [];
  for (const c of await store.customers.list({ limit: 60 })) {
    const [latest] = await store.orders.listByCustomer(c.id, 1);
    if (latest && (latest.status === 'processing' || latest.status === 'shipped')) examples.push({ id: c.id, name: c.name, ...(c.email ? { email: c.email } : {}) });
    if (examples.length === count) break;
  }
  return examples;
}
