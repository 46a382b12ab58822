// The CRM's whole-store figures as aggregation pipelines over the orders, so that MongoDB computes them in the
// database and the embedded store with its compiled fast path (mingo where that gives way) — instead of paging every
// order into the process. Same rules as customer-stats.ts: cancelled and returned orders do not count.
//
// Per-customer stats unwind each order's product ids once, keeping orders without lines; the order-level figures
// (count, value) are taken from each order's first unwound row only. `$setDifference` with [null] drops the
// placeholder of an order without lines, whether the server skips missing values ($addToSet on MongoDB) or adds
// null (mingo). Money is summed by the database and rounded to cents here, as statsOf rounds.
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { AggregationPipeline, AggregationRow, OrderStore } from '../store/ports.js';
import type { CustomerStats } from './customer-stats.js';

const COUNTED = { $match: { status: { $nin: ['cancelled', 'returned'] } } };
/** 1 on an order's first unwound row (or its only row when it has no lines), else 0. */
const FIRST_ROW = { $eq: [{ $ifNull: ['$line', 0] }, 0] };

/** Ascending customer id (the order K-means sees them in, so the segments do not depend on the server). */
export const CUSTOMER_STATS_PIPELINE: AggregationPipeline = [
  COUNTED,
  // Id order decides `currency` ($first), as statsByCustomer over orders read in id order does.
  { $sort: { id: 1 } },
  { $project: { customerId: 1, placedAt: 1, total: 1, currency: 1, product: '$lines.productId' } },
  { $unwind: { path: '$product', includeArrayIndex: 'line', preserveNullAndEmptyArrays: true } },
  {
    $group: {
      _id: '$customerId',
      orders: { $sum: { $cond: [FIRST_ROW, 1, 0] } },
      lifetimeValue: { $sum: { $cond: [FIRST_ROW, '$total', 0] } },
      currency: { $first: '$currency' },
      firstOrderAt: { $min: '$placedAt' },
      lastOrderAt: { $max: '$placedAt' },
      products: { $addToSet: '$product' },
    },
  },
  { $project: { orders: 1, lifetimeValue: 1, currency: 1, firstOrderAt: 1, lastOrderAt: 1, distinctProducts: { $size: { $setDifference: ['$products', [null]] } } } },
  { $sort: { _id: 1 } },
];

/** Distinct buyers and units per product over counted orders; most buyers first, then product id. */
export const PRODUCT_POPULARITY_PIPELINE: AggregationPipeline = [
  COUNTED,
  { $project: { customerId: 1, line: '$lines' } },
  { $unwind: '$line' },
  { $group: { _id: '$line.productId', units: { $sum: '$line.quantity' }, lines: { $sum: 1 }, buyers: { $addToSet: '$customerId' } } },
  { $project: { units: 1, lines: 1, buyers: { $size: '$buyers' } } },
  { $sort: { buyers: -1, _id: 1 } },
];

/** Each customer's order times (counted orders, ascending, repeats at the same instant kept once): next-purchase input. */
export const PURCHASE_TIMES_PIPELINE: AggregationPipeline = [
  COUNTED,
  { $group: { _id: '$customerId', times: { $addToSet: '$placedAt' } } },
  { $sort: { _id: 1 } },
];

const statsRow = z.object({
  _id: z.string(),
  orders: z.number().int().positive(),
  lifetimeValue: z.number(),
  currency: z.string(),
  firstOrderAt: z.string(),
  lastOrderAt: z.string(),
  distinctProducts: z.number().int().nonnegative(),
});
const popularityRow = z.object({ _id: z.string(), units: z.number(), lines: z.number().int(), buyers: z.number().int().positive() });
const timesRow = z.object({ _id: z.string(), times: z.array(z.string()) });

export interface ProductPopularity {
  productId: string;
  /** Distinct customers who bought it. */
  buyers: number;
  /** Quantity summed over its order lines. */
  units: number;
  /** Order lines that hold it. */
  lines: number;
}

/** Every row through the schema: a server that answers in another shape is a bug to report, not data to use. */
function parseRows<T>(rows: AggregationRow[], schema: z.ZodType<T>, what: string): T[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new AppError('STORE_INVALID_DOCUMENT', `Unexpected ${what} row: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { cause: parsed.error });
    return parsed.data;
  });
}

/** Every customer with at least one counted order, ascending customer id. */
export async function customerStatsFromStore(orders: Pick<OrderStore, 'aggregate'>): Promise<CustomerStats[]> {
  const rows = parseRows(await orders.aggregate(CUSTOMER_STATS_PIPELINE), statsRow, 'customer stats');
  return rows.map((r) => ({
    customerId: r._id,
    orders: r.orders,
    lifetimeValue: Math.round(r.lifetimeValue * 100) / 100,
    currency: r.currency,
    firstOrderAt: r.firstOrderAt,
    lastOrderAt: r.lastOrderAt,
    distinctProducts: r.distinctProducts,
  }));
}

export async function productPopularityFromStore(orders: Pick<OrderStore, 'aggregate'>): Promise<ProductPopularity[]> {
  const rows = parseRows(await orders.aggregate(PRODUCT_POPULARITY_PIPELINE), popularityRow, 'product popularity');
  return rows.map((r) => ({ productId: r._id, buyers: r.buyers, units: r.units, lines: r.lines }));
}

/** Customer id → their distinct order times, ascending (sorted here: a set's order is the server's choice). */
export async function purchaseTimesFromStore(orders: Pick<OrderStore, 'aggregate'>): Promise<Map<string, string[]>> {
  const rows = parseRows(await orders.aggregate(PURCHASE_TIMES_PIPELINE), timesRow, 'purchase times');
  return new Map(rows.map((r) => [r._id, [...r.times].sort()]));
}
