// Seeds the demo CRM from the sample shipped in src/crm/demo/: customers with purchase histories and subscription
// attributes. Dates move so the newest order is two days old today; recent orders are still on their way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Customer, Order, OrderStatus, Store, SubscriptionAttributes } from '../store/ports.js';
import { generatedIdentity } from './generated-names.js';

const sampleSchema = z.object({
  about: z.string(),
  dataEndsAt: z.string(),
  products: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), unitPrice: z.number() })),
  customers: z.array(
    z.object({
      id: z.string(),
      subscription: z.record(z.string(), z.unknown()),
      orders: z.array(z.object({ id: z.string(), placedAt: z.string(), lines: z.array(z.tuple([z.string(), z.string(), z.number(), z.number()])) })),
    }),
  ),
});
export type DemoSample = z.infer<typeof sampleSchema>;

const DAY = 86_400_000;
export const DEMO_SAMPLE_PATH = join(import.meta.dirname, 'demo', 'demo-sample.json');

export function loadDemoSample(path = DEMO_SAMPLE_PATH): DemoSample {
  return sampleSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

function statusFor(id: string, ageDays: number): { status: OrderStatus; expected?: number; delivered?: number } {
  if (id.toUpperCase().startsWith('C')) return { status: 'cancelled' };
  if (ageDays < 3) return { status: 'processing', expected: 5 };
  if (ageDays < 6) return { status: 'shipped', expected: 6 };
  return { status: 'delivered', delivered: 3 };
}

/** The demo CRM as it looks at `now`: deterministic for a given `now`. */
export function demoData(sample: DemoSample, now: Date): { customers: Customer[]; orders: Order[] } {
  const shift = now.getTime() - 2 * DAY - Date.parse(sample.dataEndsAt);
  const at = now.toISOString();
  const customers: Customer[] = [];
  const orders: Order[] = [];
  for (const c of sample.customers) {
    customers.push({ id: c.id, ...generatedIdentity(c.id), country: 'United Kingdom', source: 'demo', subscription: c.subscription as unknown as SubscriptionAttributes, createdAt: at, updatedAt: at });
    for (const o of c.orders) {
      const placed = Date.parse(o.placedAt) + shift;
      const { status, expected, delivered } = statusFor(o.id, (now.getTime() - placed) / DAY);
      const lines = o.lines.map(([productId, description, quantity, unitPrice]) => ({ productId, description, quantity, unitPrice }));
      orders.push({
        id: o.id,
        customerId: c.id,
        placedAt: new Date(placed).toISOString(),
        status,
        lines,
        total: Math.round(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100,
        currency: 'GBP',
        ...(expected ? { expectedDeliveryAt: new Date(placed + expected * DAY).toISOString() } : {}),
        ...(delivered ? { deliveredAt: new Date(placed + delivered * DAY).toISOString() } : {}),
      });
    }
  }
  return { customers, orders };
}

export async function seedDemoData(store: Store, options: { now: Date; logger: Logger; sample?: DemoSample }) {
  const sample = options.sample ?? loadDemoSample();
  const { customers, orders } = demoData(sample, options.now);
  await store.products.upsertMany(sample.products);
  await store.customers.upsertMany(customers);
  for (let i = 0; i < orders.length; i += 1000) await store.orders.upsertMany(orders.slice(i, i + 1000));
  return { customers: customers.length, orders: orders.length, products: sample.products.length };
}

/** A few demo customers to try: those with an order still on its way first. */
export async function demoCustomerExamples(store: Store, count = 3): Promise<{ id: string; name: string; email?: string }[]> {
  const examples: { id: string; name: string; email?: string }[] = [];
  for (const c of await store.customers.list({ limit: 60 })) {
    const [latest] = await store.orders.listByCustomer(c.id, 1);
    if (latest && (latest.status === 'processing' || latest.status === 'shipped')) examples.push({ id: c.id, name: c.name, email: c.email });
    if (examples.length === count) break;
  }
  return examples;
}
