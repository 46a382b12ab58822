// The demo sample shipped in src/crm/demo/demo-sample.json: its compact on-disk format (validated on load) and the
// expanded form the seeder and the churn trainer use. build-demo-sample.ts writes it; nothing else does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { subscriptionSchema } from '../store/schemas.js';
import { AppError } from '../app-error.js';
import type { OrderLine, Product, SubscriptionAttributes } from '../store/ports.js';
import { displayProductName } from './product-names.js';

export const DEMO_SAMPLE_FORMAT = 'concierge-demo-sample/2';
export const DEMO_SAMPLE_PATH = join(import.meta.dirname, 'demo', 'demo-sample.json');

// The sample's subscriptions are exactly what the store keeps (tenure in whole months).
const SubscriptionSchema = subscriptionSchema.extend({ tenureMonths: z.number().int().min(0) });

const LicenceSchema = z.object({
  text: z.string(),
  sources: z.array(z.object({ name: z.string(), url: z.string(), commit: z.string(), licence: z.string(), used: z.string() })),
});

/** A line is [productId, quantity, unitPrice] when its description is the product's, else with the description. */
const LineSchema = z.union([z.tuple([z.string(), z.number(), z.number()]), z.tuple([z.string(), z.number(), z.number(), z.string()])]);

export const DemoSampleFileSchema = z.object({
  format: z.literal(DEMO_SAMPLE_FORMAT),
  licence: LicenceSchema,
  /** The newest order in the sample; seeding moves every date so that it lands two days before "now". */
  dataEndsAt: z.iso.datetime(),
  products: z.array(z.tuple([z.string(), z.string(), z.number()])),
  customers: z.array(
    z.object({
      id: z.string(),
      country: z.string().optional(),
      subscription: SubscriptionSchema,
      orders: z.array(z.object({ id: z.string(), placedAt: z.iso.datetime(), lines: z.array(LineSchema) })),
    }),
  ),
});
export type DemoSampleFile = z.infer<typeof DemoSampleFileSchema>;

export interface DemoSampleCustomer {
  id: string;
  country?: string;
  subscription: SubscriptionAttributes;
  orders: { id: string; placedAt: string; lines: OrderLine[] }[];
}

export interface DemoSample {
  licence: DemoSampleFile['licence'];
  dataEndsAt: string;
  products: Product[];
  customers: DemoSampleCustomer[];
}

export function expandDemoSample(file: DemoSampleFile): DemoSample {
  const products = file.products.map(([id, description, unitPrice]) => ({ id, name: displayProductName(description), description, unitPrice }));
  const descriptions = new Map(products.map((p) => [p.id, p.description]));
  return {
    licence: file.licence,
    dataEndsAt: file.dataEndsAt,
    products,
    customers: file.customers.map((c) => ({
      ...c,
      orders: c.orders.map((o) => ({
        id: o.id,
        placedAt: o.placedAt,
        lines: o.lines.map(([productId, quantity, unitPrice, description]) => ({ productId, description: description ?? descriptions.get(productId) ?? productId, quantity, unitPrice })),
      })),
    })),
  };
}

export function compactDemoSample(sample: DemoSample): DemoSampleFile {
  const descriptions = new Map(sample.products.map((p) => [p.id, p.description]));
  return {
    format: DEMO_SAMPLE_FORMAT,
    licence: sample.licence,
    dataEndsAt: sample.dataEndsAt,
    products: sample.products.map((p) => [p.id, p.description, p.unitPrice]),
    customers: sample.customers.map((c) => ({
      ...c,
      orders: c.orders.map((o) => ({
        id: o.id,
        placedAt: o.placedAt,
        lines: o.lines.map((l) => (descriptions.get(l.productId) === l.description ? [l.productId, l.quantity, l.unitPrice] : [l.productId, l.quantity, l.unitPrice, l.description])),
      })),
    })),
  };
}

export function loadDemoSample(path = DEMO_SAMPLE_PATH): DemoSample {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppError('DEMO_SAMPLE_UNREADABLE', `cannot read the demo sample ${path}`, { cause: error });
  }
  const parsed = DemoSampleFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('DEMO_SAMPLE_INVALID', `demo sample ${path} is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
  }
  return expandDemoSample(parsed.data);
}
