// Recommendations from a customer's own purchase history: the products they reorder most, most recent first among
// equals. On this kind of shop repeat purchases dominate baskets, so this is a strong first signal on its own.
import type { Recommendation } from '../crm/types.js';
import type { Order, Product } from '../store/ports.js';
import { isProductCode } from './interactions.js';

const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

export function recommendFromHistory(orders: Order[], products: Map<string, Product>, limit = 3): Recommendation[] {
  const stats = new Map<string, { orders: number; last: string }>();
  for (const order of orders) {
    if (order.status === 'cancelled' || order.status === 'returned') continue;
    for (const productId of new Set(order.lines.filter((l) => l.quantity > 0 && isProductCode(l.productId)).map((l) => l.productId))) {
      const s = stats.get(productId) ?? { orders: 0, last: '' };
      s.orders += 1;
      if (order.placedAt > s.last) s.last = order.placedAt;
      stats.set(productId, s);
    }
  }
  return [...stats.entries()]
    .filter(([id]) => products.has(id))
    .sort((a, b) => b[1].orders - a[1].orders || b[1].last.localeCompare(a[1].last) || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([id, s]) => {
      const product = products.get(id) as Product;
      const when = shortDate.format(new Date(s.last));
      return {
        productId: id,
        name: product.name,
        unitPrice: product.unitPrice,
        score: s.orders,
        reason: s.orders > 1 ? `You've ordered this ${s.orders} times, most recently on ${when}.` : `You bought this on ${when}.`,
      };
    });
}
