// Recommendations from the customer's own history: ranking, reasons, and what is never recommended.
import { describe, expect, it } from 'vitest';
import { recommendFromHistory } from '../../src/recommend/history-recommender.js';
import type { Order, OrderStatus, Product } from '../../src/store/ports.js';

const product = (id: string, name: string, unitPrice = 2): Product => ({ id, name, description: name.toUpperCase(), unitPrice });
const catalogue = new Map(
  [product('A1', 'Hand Warmer Union Jack'), product('B2', 'Alarm Clock Pink', 3.75), product('C3', 'Lunch Bag Red'), product('D4', 'Doormat Hearts'), product('E5', 'Tea Towel')].map((p) => [p.id, p]),
);
let n = 0;
const order = (placedAt: string, items: [string, number?, number?][], status: OrderStatus = 'delivered'): Order => ({
  id: `${status === 'cancelled' ? 'C' : ''}${++n}`,
  customerId: 'c1',
  placedAt,
  status,
  lines: items.map(([productId, quantity = 1, unitPrice = 2]) => ({ productId, description: productId, quantity, unitPrice })),
  total: 0,
  currency: 'GBP',
});

describe('recommendations from the customer’s own history', () => {
  const history = [
    order('2026-03-03T10:00:00Z', [['A1'], ['B2'], ['C3'], ['POST', 1, 18]]),
    order('2026-02-10T10:00:00Z', [['A1'], ['B2'], ['D4']]),
    order('2026-01-05T10:00:00Z', [['A1']]),
    order('2025-12-01T10:00:00Z', [['E5']]),
    // Cancelled orders, free lines and non-product codes never count.
    order('2026-03-04T10:00:00Z', [['C3', -5], ['D4', -1]], 'cancelled'),
    order('2026-03-05T10:00:00Z', [['D4', 1, 0], ['POST', 1, 18], ['M', 1, 5], ['ZZ9']]),
  ];

  it('ranks by number of orders, then items bought with favourites, each with its reason', () => {
    const recs = recommendFromHistory(history, catalogue, { limit: 5 });
    expect(recs).toEqual([
      { productId: 'A1', name: 'Hand Warmer Union Jack', unitPrice: 2, score: 3, reason: "You've ordered this 3 times, last on 3 March." },
      { productId: 'B2', name: 'Alarm Clock Pink', unitPrice: 3.75, score: 2, reason: "You've ordered this 2 times, last on 3 March." },
      { productId: 'C3', name: 'Lunch Bag Red', unitPrice: 2, score: 1.5, reason: 'Because you bought Hand Warmer Union Jack: you ordered both on 3 March.' },
      { productId: 'D4', name: 'Doormat Hearts', unitPrice: 2, score: 1.5, reason: 'Because you bought Hand Warmer Union Jack: you ordered both on 10 February.' },
      { productId: 'E5', name: 'Tea Towel', unitPrice: 2, score: 1, reason: 'You bought this on 1 December 2025.' },
    ]);
  });

  it('keeps to the limit (3 by default) and breaks ties by recency', () => {
    expect(recommendFromHistory(history, catalogue).map((r) => r.productId)).toEqual(['A1', 'B2', 'C3']);
    const tied = [order('2026-01-01T00:00:00Z', [['D4']]), order('2026-02-01T00:00:00Z', [['C3']])];
    expect(recommendFromHistory(tied, catalogue, { limit: 1 })[0]?.productId).toBe('C3');
  });

  it('recommends nothing without a usable purchase, and nothing the catalogue does not know', () => {
    expect(recommendFromHistory([], catalogue)).toEqual([]);
    expect(recommendFromHistory(history.slice(4), catalogue)).toEqual([]);
    expect(recommendFromHistory([order('2026-01-01T00:00:00Z', [['ZZ9'], ['ZZ9']])], catalogue)).toEqual([]);
  });
});
