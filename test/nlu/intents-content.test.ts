// The bot's domain in intents/: the agreed intent names, enough varied examples and held-out tests, and reply
// templates the dialogue can fill (variants and slots it provides).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadIntentCatalog } from '../../src/nlu/intent-catalog.js';
import { normaliseText } from '../../src/nlu/text-normalise.js';

const catalog = loadIntentCatalog(fileURLToPath(new URL('../../intents', import.meta.url)));

const INTENTS = [
  'greeting', 'goodbye', 'thanks', 'order_status', 'cancel_order', 'return_refund', 'delivery_options', 'payment_problem',
  'account_password', 'complaint', 'cancel_subscription', 'product_recommendation', 'human_agent', 'billing_question',
  'change_plan', 'technical_issue', 'change_address', 'product_info', 'promo_code', 'opening_hours_contact',
];

const SLOTS = new Set([
  'firstName', 'name', 'orderId', 'orderDate', 'orderStatus', 'orderItems', 'orderTotal', 'deliveryEstimate',
  'orderCount', 'tenureMonths', 'contract', 'monthlyCharges', 'handoffId',
  'productName',
]);

/** Variant → slots at least one of its templates must use (the dialogue relies on them). */
const REQUIRED: Record<string, Record<string, string[]>> = {
  product_info: { boughtTogether: ['productName'] },
  greeting: { known: ['firstName'] },
  goodbye: { known: ['firstName'] },
  thanks: { known: ['firstName'] },
  order_status: {
    signedOut: [],
    noOrders: ['firstName'],
    found: ['firstName', 'orderId', 'orderDate', 'orderStatus', 'orderItems', 'orderTotal'],
    inTransit: ['orderId', 'deliveryEstimate'],
    notFound: ['orderId'],
  },
  cancel_order: { signedOut: [], noOrders: [], cancellable: ['orderId'], notCancellable: ['orderId', 'orderStatus'], notFound: ['orderId'] },
  return_refund: { found: ['orderId', 'orderDate'] },
  cancel_subscription: { known: ['firstName', 'tenureMonths', 'contract'] },
  product_recommendation: { personal: ['firstName'], popular: [] },
  human_agent: { queued: ['handoffId'] },
  billing_question: { known: ['firstName', 'contract', 'monthlyCharges'] },
  change_plan: { known: ['firstName', 'contract', 'monthlyCharges'] },
};

const slotsOf = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

describe('intents/', () => {
  it('defines exactly the agreed intents', () => {
    expect(catalog.intents.map((i) => i.name).sort()).toEqual([...INTENTS].sort());
  });

  it.each(INTENTS)('%s has ≥ 30 examples and ≥ 8 held-out tests that are not copies of examples', (name) => {
    const intent = catalog.byName.get(name)!;
    expect(intent.examples.length).toBeGreaterThanOrEqual(30);
    expect(intent.tests.length).toBeGreaterThanOrEqual(8);
    const examples = new Set(intent.examples.map(normaliseText));
    expect(intent.tests.filter((t) => examples.has(normaliseText(t)))).toEqual([]);
    expect(new Set(intent.examples.map(normaliseText)).size).toBe(intent.examples.length);
  });

  it('never labels the same text with two intents, in examples or tests', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const intent of catalog.intents) {
      for (const text of [...intent.examples, ...intent.tests]) {
        const key = normaliseText(text);
        const other = seen.get(key);
        if (other !== undefined && other !== intent.name) clashes.push(`${text}: ${other} / ${intent.name}`);
        seen.set(key, intent.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it.each(INTENTS)('%s has reply templates the dialogue can fill', (name) => {
    const intent = catalog.byName.get(name)!;
    expect(intent.responses.default?.some((t) => slotsOf(t).length === 0)).toBe(true);
    for (const templates of Object.values(intent.responses)) {
      for (const t of templates) expect(slotsOf(t).filter((s) => !SLOTS.has(s))).toEqual([]);
    }
    for (const [variant, slots] of Object.entries(REQUIRED[name] ?? {})) {
      const templates = intent.responses[variant];
      expect({ variant, defined: templates !== undefined }).toEqual({ variant, defined: true });
      const covered = new Set(templates!.flatMap(slotsOf));
      expect(slots.filter((s) => !covered.has(s))).toEqual([]);
    }
    expect(intent.suggestions.length).toBeLessThanOrEqual(3);
    expect(intent.description.length).toBeLessThanOrEqual(40);
  });
});
