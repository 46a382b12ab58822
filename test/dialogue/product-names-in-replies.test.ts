// Order answers and "bought together" answers quote products by their display names (crm/product-names.ts), not the
// upper-case order-line descriptions of the retail data; a credit note's negative total is said as the amount credited.
import { describe, expect, it } from 'vitest';
import type { CustomerInsights, Recommendation } from '../../src/crm/types.js';
import { orderCard, orderSlots, summariseItems } from '../../src/dialogue/customer-slots.js';
import { boughtTogetherFor } from '../../src/dialogue/product-question.js';
import type { Order } from '../../src/store/ports.js';

const order: Order = {
  id: '536365',
  customerId: '17850',
  placedAt: '2010-12-01T08:26:00.000Z',
  status: 'delivered',
  lines: [
    { productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: 2.55 },
    { productId: '71053', description: 'WHITE METAL LANTERN', quantity: 6, unitPrice: 3.39 },
  ],
  total: 35.64,
  currency: 'GBP',
};

describe('product names in replies', () => {
  it('summarises an order with readable names in the slots and the card', () => {
    expect(summariseItems(order)).toBe('6 × White Hanging Heart T-Light Holder and 1 more');
    expect(orderSlots(order).orderItems).toBe('6 × White Hanging Heart T-Light Holder and 1 more');
    expect(orderCard(order).subtitle).toBe('6 × White Hanging Heart T-Light Holder and 1 more');
  });

  it('says a credit note (negative total) as the amount credited', () => {
    const credit: Order = { ...order, id: 'C536379', status: 'cancelled', total: -27.5 };
    expect(orderSlots(credit).orderTotal).toBe('credit £27.50');
    expect(orderCard(credit).facts).toContainEqual({ label: 'Total', value: 'credit £27.50' });
    expect(orderSlots(order).orderTotal).toBe('£35.64');
  });

  it('names the product asked about readably in a bought-together answer', () => {
    const items: Recommendation[] = [{ productId: '22720', name: 'Set of 3 Cake Tins Pantry Design', unitPrice: 4.95, score: 1, reason: 'r' }];
    const asked: string[] = [];
    const insights: CustomerInsights = { contextFor: async () => null, boughtTogether: (product) => (asked.push(product), items) };
    const nlu = { intent: 'product_info', confidence: 0.9, ranking: [], entities: [{ type: 'product', text: 'set 3 retrospot tea,coffee,sugar', value: 'SET 3 RETROSPOT TEA,COFFEE,SUGAR' }] };
    expect(boughtTogetherFor(insights, nlu)).toEqual({ productName: 'Set 3 Retrospot Tea, Coffee, Sugar', items });
    // The lookup still uses the catalogue's own name.
    expect(asked).toEqual(['SET 3 RETROSPOT TEA,COFFEE,SUGAR']);
  });
});
