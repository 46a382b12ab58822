// Recommendations from a customer's own purchase history: what they reorder most (by number of orders, the most
// recent first among equals), then what they bought alongside those favourites, each with a reason a person can
// read. Repeat purchases dominate this kind of shop's baskets (see NOTES.md), so this is a strong first signal.
// Cancelled/returned orders, non-product codes (postage, fees …), free lines and unknown products are ignored.
import type { Recommendation } from '../crm/types.js';
import type { Order, Product } from '../store/ports.js';
import { isProductCode } from './interactions.js';

/** Where product names and prices come from; a Map<string, Product> is one. */
export interface ProductLookup {
  get(productId: string): Product | undefined;
}

interface ItemStats {
  id: string;
  product: Product;
  orders: number;
  last: string;
  /** Favourite bought in the same order, and when (only for items bought once). */
  with?: { favourite: ItemStats; at: string };
}

const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function purchasedIds(order: Order, catalogue: ProductLookup): Set<string> {
  return new Set(order.lines.filter((l) => l.quantity > 0 && l.unitPrice > 0 && isProductCode(l.productId) && catalogue.get(l.productId)).map((l) => l.productId));
}

const byRank = (a: ItemStats, b: ItemStats) => b.orders - a.orders || b.last.localeCompare(a.last) || a.id.localeCompare(b.id);

export function recommendFromHistory(orders: Order[], catalogue: ProductLookup, options: { limit?: number } = {}): Recommendation[] {
  const kept = orders.filter((o) => o.status !== 'cancelled' && o.status !== 'returned').map((o) => ({ order: o, ids: purchasedIds(o, catalogue) }));
  const stats = new Map<string, ItemStats>();
  for (const { order, ids } of kept) {
    for (const id of ids) {
      const s = stats.get(id) ?? { id, product: catalogue.get(id) as Product, orders: 0, last: '' };
      s.orders += 1;
      if (order.placedAt > s.last) s.last = order.placedAt;
      stats.set(id, s);
    }
  }
  const ranked = [...stats.values()].sort(byRank);
  const favourites = ranked.filter((s) => s.orders > 1);
  // An item bought once is explained by the strongest favourite that was in the same order.
  for (const s of ranked.filter((x) => x.orders === 1)) {
    const order = kept.find(({ ids }) => ids.has(s.id));
    const favourite = favourites.find((f) => order?.ids.has(f.id));
    if (order && favourite) s.with = { favourite, at: order.order.placedAt };
  }
  const newestYear = kept.reduce((max, { order }) => (order.placedAt > max ? order.placedAt : max), '').slice(0, 4);
  const when = (iso: string) => (iso.startsWith(newestYear) ? DAY_MONTH : DAY_MONTH_YEAR).format(new Date(iso));
  const score = (s: ItemStats) => s.orders + (s.with ? 0.5 : 0);
  return ranked
    .sort((a, b) => score(b) - score(a) || b.last.localeCompare(a.last) || a.id.localeCompare(b.id))
    .slice(0, options.limit ?? 3)
    .map((s) => ({
      productId: s.id,
      name: s.product.name,
      unitPrice: s.product.unitPrice,
      score: score(s),
      reason:
        s.orders > 1
          ? `You've ordered this ${s.orders} times, last on ${when(s.last)}.`
          : s.with
            ? `Because you bought ${s.with.favourite.product.name}: you ordered both on ${when(s.with.at)}.`
            : `You bought this on ${when(s.last)}.`,
    }));
}
