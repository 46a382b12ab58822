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
import type { AggregationPipeline, OrderStore } from '../store/ports.js';
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

const statsRow = z.object({
  _id: z.string(),
  orders: z.number().int().positive(),
  lifetimeValue: z.number(),
  currency: z.string(),
  firstOrderAt: z.string(),
  lastOrderAt: z.string(),
  distinctProducts: z.number().int().nonnegative(),
});

/** Every customer with at least one counted order, ascending customer id. */
export async function customerStatsFromStore(orders: Pick<OrderStore, 'aggregate'>): Promise<CustomerStats[]> {
  return (await orders.aggregate(CUSTOMER_STATS_PIPELINE)).map((row) => {
    // Every row through the schema: a server that answers in another shape is a bug to report, not data to use.
    const parsed = statsRow.safeParse(row);
    if (!parsed.success) throw new AppError('STORE_INVALID_DOCUMENT', `Unexpected customer stats row: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { cause: parsed.error });
    const r = parsed.data;
    return {
    customerId: r._id,
    orders: r.orders,
    lifetimeValue: Math.round(r.lifetimeValue * 100) / 100,
    currency: r.currency,
    firstOrderAt: r.firstOrderAt,
    lastOrderAt: r.lastOrderAt,
    distinctProducts: r.distinctProducts,
    };
  });
}
