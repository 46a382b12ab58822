// Per-customer purchase figures (the inputs of RFM, K-means and the next-purchase estimate), from orders.
// Cancelled and returned orders do not count; lifetime value is the sum of the remaining order totals.
import { groupByCustomer } from '../recommend/interactions.js';
import type { Order } from '../store/ports.js';

const DAY_MS = 86_400_000;

export interface CustomerStats {
  customerId: string;
  orders: number;
  lifetimeValue: number;
  currency: string;
  firstOrderAt: string;
  lastOrderAt: string;
  distinctProducts: number;
}

export const countsAsPurchase = (o: Order) => o.status !== 'cancelled' && o.status !== 'returned';

/** Stats of one customer's orders; null when none counts as a purchase. */
export function statsOf(customerId: string, orders: readonly Order[]): CustomerStats | null {
  const kept = orders.filter(countsAsPurchase);
  if (kept.length === 0) return null;
  const products = new Set<string>();
  let value = 0;
  let first = kept[0]!.placedAt;
  let last = first;
  for (const o of kept) {
    value += o.total;
    if (o.placedAt < first) first = o.placedAt;
    if (o.placedAt > last) last = o.placedAt;
    for (const l of o.lines) products.add(l.productId);
  }
  return {
    customerId,
    orders: kept.length,
    lifetimeValue: Math.round(value * 100) / 100,
    currency: kept[0]!.currency,
    firstOrderAt: first,
    lastOrderAt: last,
    distinctProducts: products.size,
  };
}

/** Groups a stream of orders (any order) by customer and returns each customer's stats. */
export function statsByCustomer(orders: Iterable<Order>): Map<string, CustomerStats> {
  const grouped = groupByCustomer(orders);
  const stats = new Map<string, CustomerStats>();
  for (const [id, list] of grouped) {
    const s = statsOf(id, list);
    if (s) stats.set(id, s);
  }
  return stats;
}

/** Whole days from the last order to the reference time (never negative). */
export function recencyDays(stats: Pick<CustomerStats, 'lastOrderAt'>, referenceMs: number): number {
  return Math.max(0, Math.floor((referenceMs - Date.parse(stats.lastOrderAt)) / DAY_MS));
}
