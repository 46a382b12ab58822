import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../src/crm/types.js';
import { decide } from '../../src/dialogue/policy.js';
import type { NluResult } from '../../src/nlu/types.js';
import type { Conversation, Order } from '../../src/store/ports.js';

const conversation: Conversation = { id: 'c1', channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: '2026-11-01T00:00:00Z', lastMessageAt: '2026-11-01T00:00:00Z' };

function order(id: string, status: Order['status'], placedAt: string, extra: Partial<Order> = {}): Order {
  return { id, customerId: '12347', placedAt, status, currency: 'GBP', total: 12.5, lines: [{ productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 2, unitPrice: 6.25 }], ...extra };
}

const context: CustomerContext = {
  customer: { id: '12347', name: 'Ann Lee', source: 'demo', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', subscription: { tenureMonths: 4, contract: 'Month-to-month', monthlyCharges: 70.35 } },
  orders: [order('581001', 'processing', '2026-11-20T10:00:00Z', { expectedDeliveryAt: '2026-11-26T00:00:00Z' }), order('570002', 'delivered', '2026-10-01T10:00:00Z')],
  churn: null,
  recommendations: [{ productId: '22423', name: 'Regency Cakestand 3 Tier', unitPrice: 12.75, score: 3, reason: "you've ordered this 3 times" }],
};

function nlu(intent: string | null, entities: NluResult['entities'] = []): NluResult {
  return { intent, confidence: intent ? 0.9 : 0.2, ranking: [], entities };
}

describe('dialogue policy', () => {
  it('asks an anonymous customer to sign in before order questions', () => {
    const d = decide({ nlu: nlu('order_status'), conversation, context: null, mentionedOrder: null });
    expect(d).toMatchObject({ action: 'sign_in_required', variant: 'signedOut' });
  });

  it('answers order status from the newest open order, with its delivery estimate and a card', () => {
    const d = decide({ nlu: nlu('order_status'), conversation, context, mentionedOrder: null });
    expect(d.variant).toBe('inTransit');
    expect(d.slots).toMatchObject({ firstName: 'Ann', orderId: '581001', orderStatus: 'processing', deliveryEstimate: 'Thursday 26 November' });
    expect(d.cards[0]?.title).toBe('Order 581001');
  });

  it('says an order id that is not theirs was not found', () => {
    const d = decide({ nlu: nlu('order_status', [{ type: 'orderId', text: '#999999', value: '999999' }]), conversation, context, mentionedOrder: null });
    expect(d).toMatchObject({ variant: 'notFound', slots: { orderId: '999999' } });
  });

  it('routes cancelling an order that has not shipped to a person', () => {
    const d = decide({ nlu: nlu('cancel_order'), conversation, context, mentionedOrder: null });
    expect(d).toMatchObject({ action: 'handoff', variant: 'cancellable', handoff: { trigger: 'cancel_request' } });
  });

  it('explains returns instead when the named order was delivered', () => {
    const mentioned = context.orders[1] ?? null;
    const d = decide({ nlu: nlu('cancel_order', [{ type: 'orderId', text: '570002', value: '570002' }]), conversation, context, mentionedOrder: mentioned });
    expect(d).toMatchObject({ variant: 'notCancellable', slots: { orderId: '570002', orderStatus: 'delivered' } });
  });

  it('hands off when asked for a person', () => {
    expect(decide({ nlu: nlu('human_agent'), conversation, context: null, mentionedOrder: null })).toMatchObject({ action: 'handoff', handoff: { trigger: 'customer_request' } });
  });

  it('recommends from history with reasons as cards', () => {
    const d = decide({ nlu: nlu('product_recommendation'), conversation, context, mentionedOrder: null });
    expect(d.action).toBe('recommend');
    expect(d.cards[0]).toMatchObject({ title: 'Regency Cakestand 3 Tier', subtitle: '£12.75', text: "you've ordered this 3 times" });
  });

  it('says recommendations for a customer without orders are what is popular', () => {
    const popular = { ...context, orders: [], recommendations: [{ ...context.recommendations[0]!, reason: 'popular this month' }] };
    const d = decide({ nlu: nlu('product_recommendation'), conversation, context: popular, mentionedOrder: null });
    expect(d).toMatchObject({ action: 'recommend', variant: 'popular' });
    expect(d.cards[0]?.text).toBe('popular this month');
  });

  it('answers a question about a named product with what is bought with it, and without when nothing is', () => {
    const items = [{ productId: '22697', name: 'Green Regency Teacup And Saucer', unitPrice: 2.95, score: 0.3, reason: '30% of orders with REGENCY CAKESTAND 3 TIER also had this' }];
    const d = decide({ nlu: nlu('product_info'), conversation, context: null, mentionedOrder: null, boughtTogether: { productName: 'Regency Cakestand 3 Tier', items } });
    expect(d).toMatchObject({ action: 'answer', variant: 'boughtTogether', slots: { productName: 'Regency Cakestand 3 Tier' } });
    expect(d.cards).toEqual([{ title: 'Green Regency Teacup And Saucer', subtitle: '£2.95', text: '30% of orders with REGENCY CAKESTAND 3 TIER also had this' }]);
    expect(decide({ nlu: nlu('product_info'), conversation, context: null, mentionedOrder: null })).toMatchObject({ variant: 'default', cards: [] });
  });

  it('personalises plan questions for known customers', () => {
    const d = decide({ nlu: nlu('billing_question'), conversation, context, mentionedOrder: null });
    expect(d).toMatchObject({ variant: 'known', slots: { contract: 'month-to-month', monthlyCharges: '£70.35', tenureMonths: 4 } });
  });

  it('falls back when nothing was understood', () => {
    expect(decide({ nlu: nlu(null), conversation, context, mentionedOrder: null })).toMatchObject({ action: 'fallback', intent: null });
  });
});

describe('automatic handoff triggers', () => {
  const triggers = { afterFailedTurns: 2, onComplaint: true };

  it('hands over on the second turn in a row that was not understood', () => {
    expect(decide({ nlu: nlu(null), conversation, context: null, mentionedOrder: null, triggers })).toMatchObject({ action: 'fallback' });
    const second = decide({ nlu: nlu(null), conversation: { ...conversation, failedTurns: 1 }, context: null, mentionedOrder: null, triggers });
    expect(second).toMatchObject({ action: 'handoff', intent: 'human_agent', handoff: { trigger: 'repeated_fallback', reason: 'not understood 2 times in a row' } });
  });

  it('hands over on a complaint when configured, and not when switched off', () => {
    expect(decide({ nlu: nlu('complaint'), conversation, context, mentionedOrder: null, triggers })).toMatchObject({ action: 'handoff', handoff: { trigger: 'complaint' } });
    const off = { afterFailedTurns: 0, onComplaint: false };
    expect(decide({ nlu: nlu('complaint'), conversation, context, mentionedOrder: null, triggers: off })).toMatchObject({ action: 'answer' });
    expect(decide({ nlu: nlu(null), conversation: { ...conversation, failedTurns: 5 }, context, mentionedOrder: null, triggers: off })).toMatchObject({ action: 'fallback' });
  });
});
