// The run-time Recommender: trained from store orders, answering from a customer's current orders.
import { describe, expect, it } from 'vitest';
import { HybridOrderRecommender, linesFromOrders } from '../../src/recommend/recommender.js';
import type { Order, OrderStatus, Product } from '../../src/store/ports.js';
import { NAMES } from './helpers.js';

let seq = 0;
function order(customerId: string, day: number, items: string[], status: OrderStatus = 'delivered'): Order {
  seq++;
  return {
    id: `${status === 'cancelled' ? 'C' : ''}${500000 + seq}`,
    customerId,
    placedAt: new Date(Date.UTC(2011, 0, 1 + day)).toISOString(),
    status,
    lines: items.map((id) => ({ productId: id, description: NAMES[id] ?? id, quantity: 1, unitPrice: 2 })),
    total: items.length * 2,
    currency: 'GBP',
  };
}

// Five customers buy mugs together (so "bought together" rules clear the minimum count of 5); c6 likes candles.
const history: Order[] = [
  ...['c1', 'c2', 'c3', 'c4', 'c5'].map((c, i) => order(c, i, ['A1001', 'B1002'])),
  order('c1', 10, ['A1001', 'C1003']),
  order('c6', 11, ['E1005', 'POST']),
  order('c6', 12, ['E1005']),
  order('c2', 13, ['D1004'], 'cancelled'),
];

describe('HybridOrderRecommender', () => {
  const products = new Map<string, Product>([['C1003', { id: 'C1003', name: 'Red Teapot', description: 'RED TEAPOT', unitPrice: 4.95 }]]);
  const recommender = HybridOrderRecommender.train(history, { products });

  it('leaves cancelled orders out of training', () => {
    expect(linesFromOrders(history).some((l) => l.itemId === 'D1004')).toBe(false);
  });

  it('recommends from the customer\'s orders, re-orders first, every item with a reason', () => {
    const mine = history.filter((o) => o.customerId === 'c6');
    const recs = recommender.recommendFor(mine, 3);
    expect(recs[0]).toMatchObject({ productId: 'E1005', reason: "you've ordered this 2 times" });
    for (const r of recs) {
      expect(r.reason).not.toBe('');
      expect(r.unitPrice).toBeGreaterThan(0);
    }
  });

  it('folds in orders placed after training', () => {
    const fresh = [order('c9', 20, ['C1003']), order('c9', 21, ['C1003'])];
    const recs = recommender.recommendFor(fresh, 2);
    expect(recs[0]).toMatchObject({ productId: 'C1003', name: 'Red Teapot', unitPrice: 4.95, reason: "you've ordered this 2 times" });
  });

  it("mode 'new' only suggests products the customer never bought", () => {
    const mine = history.filter((o) => o.customerId === 'c1');
    const recs = recommender.recommendFor(mine, 5, { mode: 'new' });
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) expect(['A1001', 'B1002', 'C1003']).not.toContain(r.productId);
  });

  it('shows one re-order, then only new products; a customer without orders gets popular ones', () => {
    const mine = history.filter((o) => o.customerId === 'c1');
    const recs = recommender.recommendWithReorder(mine, 3);
    expect(recs[0]).toMatchObject({ productId: 'A1001', reason: "you've ordered this 2 times" });
    expect(recs.length).toBeGreaterThan(1);
    for (const r of recs.slice(1)) expect(['A1001', 'B1002', 'C1003']).not.toContain(r.productId);
    const fresh = recommender.recommendWithReorder([], 2);
    expect(fresh.length).toBe(2);
    for (const r of fresh) expect(r.reason).toMatch(/popular|best sellers/);
    expect(recommender.recommendWithReorder(mine, 0)).toEqual([]);
  });

  it('answers "bought together" from association rules', () => {
    const together = recommender.boughtTogether('A1001', 3);
    // Names and reasons read as display names (crm/product-names.ts), not the data's capitals.
    expect(together[0]).toMatchObject({ productId: 'B1002', name: 'Blue Mug' });
    expect(together[0]!.reason).toBe('83% of orders with Red Mug also had this');
    expect(recommender.boughtTogether('nothing', 3)).toEqual([]);
  });

  it('quotes real retail names readably in names and "because you bought" reasons', () => {
    const real: Record<string, string> = { '85123A': 'WHITE HANGING HEART T-LIGHT HOLDER', '22720': 'SET OF 3 CAKE TINS PANTRY DESIGN', '21977': 'PACK OF 60 PINK PAISLEY CAKE CASES' };
    const line = (id: string) => ({ productId: id, description: real[id]!, quantity: 1, unitPrice: 3 });
    const shop: Order[] = [];
    for (let c = 0; c < 6; c++) shop.push({ id: `60000${c}`, customerId: `r${c}`, placedAt: new Date(Date.UTC(2011, 5, 1 + c)).toISOString(), status: 'delivered', lines: ['85123A', '22720'].map(line), total: 6, currency: 'GBP' });
    shop.push({ id: '600010', customerId: 'r9', placedAt: new Date(Date.UTC(2011, 5, 20)).toISOString(), status: 'delivered', lines: [line('21977')], total: 3, currency: 'GBP' });
    const model = HybridOrderRecommender.train(shop);
    const together = model.boughtTogether('85123A', 1);
    expect(together[0]).toMatchObject({ name: 'Set of 3 Cake Tins Pantry Design', reason: '100% of orders with White Hanging Heart T-Light Holder also had this' });
    const recs = model.recommendFor([{ ...shop[6]!, customerId: 'new', lines: [line('85123A')] }], 3, { mode: 'new' });
    expect(recs.map((r) => r.name)).toContain('Set of 3 Cake Tins Pantry Design');
    for (const r of recs) expect(`${r.name} ${r.reason}`).not.toMatch(/[A-Z]{4,}/);
  });
});
