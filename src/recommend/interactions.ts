// Data preparation for the recommenders: purchase lines → clean baskets → integer-indexed user-item data.
//
// Cleaning rule (a line is kept only if all hold), applied before anything is counted:
//  - the invoice id does not start with "C" (cancellation/return) and the quantity is > 0;
//  - the unit price is > 0 (zero-priced lines are samples, write-offs or adjustments);
//  - the item code is a product: not one of NON_PRODUCT_CODES (postage, discount, manual, fees …) and it contains
//    at least one digit (every real stock code here does; the service codes do not, except C2 which is listed).
// Lines of the same invoice and item are merged (quantities summed): a basket holds each item once.
import { csrFromTriples, transpose, type Csr } from './sparse.js';

export interface PurchaseLine {
  customerId: string;
  invoiceId: string;
  /** Milliseconds since the epoch; only the order matters. */
  timestamp: number;
  itemId: string;
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface BasketLine {
  itemId: string;
  description: string;
  quantity: number;
  unitPrice: number;
}

/** One invoice after cleaning: at least one line, each item once. */
export interface Basket {
  customerId: string;
  invoiceId: string;
  time: number;
  lines: BasketLine[];
}

export const NON_PRODUCT_CODES: ReadonlySet<string> = new Set([
  'POST', 'D', 'M', 'BANK CHARGES', 'DOT', 'CRUK', 'C2', 'PADS', 'AMAZONFEE', 'S', 'B',
]);

export function isProductCode(itemId: string): boolean {
  const code = itemId.trim().toUpperCase();
  return !NON_PRODUCT_CODES.has(code) && /\d/.test(code);
}

export function isCleanLine(line: PurchaseLine): boolean {
  return (
    !line.invoiceId.toUpperCase().startsWith('C') &&
    line.quantity > 0 &&
    line.unitPrice > 0 &&
    isProductCode(line.itemId)
  );
}

/** Groups clean lines into baskets, ordered by time then invoice id (the order "last invoice" refers to). */
export function buildBaskets(lines: Iterable<PurchaseLine>): Basket[] {
  const byInvoice = new Map<string, { basket: Basket; byItem: Map<string, BasketLine> }>();
  for (const line of lines) {
    if (!isCleanLine(line)) continue;
    const key = `${line.customerId}\u0000${line.invoiceId}`;
    let entry = byInvoice.get(key);
    if (!entry) {
      entry = { basket: { customerId: line.customerId, invoiceId: line.invoiceId, time: line.timestamp, lines: [] }, byItem: new Map() };
      byInvoice.set(key, entry);
    }
    entry.basket.time = Math.min(entry.basket.time, line.timestamp);
    const existing = entry.byItem.get(line.itemId);
    if (existing) {
      existing.quantity += line.quantity;
    } else {
      const merged: BasketLine = { itemId: line.itemId, description: line.description, quantity: line.quantity, unitPrice: line.unitPrice };
      entry.byItem.set(line.itemId, merged);
      entry.basket.lines.push(merged);
    }
  }
  return [...byInvoice.values()].map((e) => e.basket).sort(compareBaskets);
}

/** Groups anything that belongs to a customer (lines, baskets, orders) by customer id, keeping the input order. */
export function groupByCustomer<T extends { customerId: string }>(items: Iterable<T>): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const list = grouped.get(item.customerId);
    if (list) list.push(item);
    else grouped.set(item.customerId, [item]);
  }
  return grouped;
}

export function compareBaskets(a: Basket, b: Basket): number {
  return a.time - b.time || (a.invoiceId < b.invoiceId ? -1 : a.invoiceId > b.invoiceId ? 1 : 0);
}

export interface IndexedBasket {
  user: number;
  time: number;
  /** Distinct item indices, ascending. */
  items: Int32Array;
}

/** Training data with users and items mapped to 0..n-1. */
export interface Interactions {
  users: string[];
  items: string[];
  userIndex: ReadonlyMap<string, number>;
  itemIndex: ReadonlyMap<string, number>;
  /** Latest description and unit price seen for each item. */
  itemName: string[];
  itemPrice: Float64Array;
  baskets: IndexedBasket[];
  /** users × items: number of the user's invoices containing the item. */
  userItems: Csr;
  /** Same shape as userItems (aligned entry by entry): time of the user's latest invoice with the item. */
  userItemLastTime: Float64Array;
  /** Entry e's invoice times are userItemTimes[userItemTimesPtr[e] .. userItemTimesPtr[e + 1]), oldest first. */
  userItemTimesPtr: Int32Array;
  userItemTimes: Float64Array;
  /** items × users, the transpose of userItems. */
  itemUsers: Csr;
  /** Time of the newest basket: "now" for recency when none is given. */
  maxTime: number;
}

export function buildInteractions(baskets: readonly Basket[]): Interactions {
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const users: string[] = [];
  const items: string[] = [];
  const itemName: string[] = [];
  const prices: number[] = [];
  const sorted = [...baskets].sort(compareBaskets);
  const indexed: IndexedBasket[] = [];
  let nnz = 0;
  for (const b of sorted) {
    let u = userIndex.get(b.customerId);
    if (u === undefined) {
      u = users.length;
      userIndex.set(b.customerId, u);
      users.push(b.customerId);
    }
    const ids: number[] = [];
    for (const line of b.lines) {
      let i = itemIndex.get(line.itemId);
      if (i === undefined) {
        i = items.length;
        itemIndex.set(line.itemId, i);
        items.push(line.itemId);
        itemName.push(line.description);
        prices.push(line.unitPrice);
      }
      // Baskets are in time order, so the last write is the latest name and price.
      itemName[i] = line.description;
      prices[i] = line.unitPrice;
      ids.push(i);
    }
    const distinct = Int32Array.from(new Set(ids)).sort();
    nnz += distinct.length;
    indexed.push({ user: u, time: b.time, items: distinct });
  }
  const r = new Int32Array(nnz);
  const c = new Int32Array(nnz);
  const v = new Float64Array(nnz).fill(1);
  let t = 0;
  for (const b of indexed) for (const i of b.items) { r[t] = b.user; c[t++] = i; }
  const userItems = csrFromTriples(users.length, items.length, r, c, v);
  // Per (user, item) entry: the times of every invoice containing it, and the latest of them.
  const entries = userItems.indices.length;
  const entryOf = (b: IndexedBasket, i: number): number => {
    const start = userItems.indptr[b.user]!;
    return start + userItems.indices.subarray(start, userItems.indptr[b.user + 1]!).indexOf(i);
  };
  const userItemTimesPtr = new Int32Array(entries + 1);
  for (let e = 0; e < entries; e++) userItemTimesPtr[e + 1] = userItemTimesPtr[e]! + userItems.values[e]!;
  const userItemTimes = new Float64Array(userItemTimesPtr[entries]!);
  const fill = userItemTimesPtr.slice(0, entries);
  const userItemLastTime = new Float64Array(entries);
  for (const b of indexed) {
    for (const i of b.items) {
      const e = entryOf(b, i);
      userItemTimes[fill[e]!++] = b.time;
      userItemLastTime[e] = Math.max(userItemLastTime[e]!, b.time);
    }
  }
  return {
    users, items, userIndex, itemIndex, itemName, itemPrice: Float64Array.from(prices), baskets: indexed,
    userItems, userItemLastTime, userItemTimesPtr, userItemTimes, itemUsers: transpose(userItems),
    maxTime: indexed.length > 0 ? indexed[indexed.length - 1]!.time : 0,
  };
}
