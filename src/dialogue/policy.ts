// The dialogue policy: given what was understood and who is writing, choose what the bot does this turn.
import type { CustomerContext, Recommendation } from '../crm/types.js';
import type { NluResult } from '../nlu/types.js';
import type { Conversation, Order } from '../store/ports.js';
import { customerSlots, formatMoney, orderCard, orderSlots } from './customer-slots.js';
import type { Slots } from './responses.js';
import type { ReplyCard } from './types.js';

export type Action = 'answer' | 'order_lookup' | 'sign_in_required' | 'recommend' | 'handoff' | 'fallback' | 'clarify';

export interface Decision {
  action: Action;
  /** The intent whose reply templates answer the turn; null for the bot's own fallback. */
  intent: string | null;
  variant: string;
  slots: Slots;
  cards: ReplyCard[];
  /** Set when the conversation should go to a person. */
  handoff?: { trigger: string; reason: string };
  /** Set when the bot asks "did you mean A or B?" with these two intents. */
  clarify?: [string, string];
}

export interface PolicyInput {
  nlu: NluResult;
  conversation: Conversation;
  context: CustomerContext | null;
  /** The order the customer named, when it exists and is theirs. */
  mentionedOrder: Order | null;
  /** When the bot hands over by itself (from config); absent = only when asked. */
  triggers?: HandoffTriggers;
  /** Whether intents/ has replies for an intent; an intent known only from staff labels has none. */
  answerable?: (intent: string) => boolean;
  /** "Frequently bought together" for the product the customer asked about, each with its reason. */
  boughtTogether?: { productName: string; items: Recommendation[] };
}

export interface HandoffTriggers {
  /** Hand over when this many turns in a row were not understood; 0 = never. */
  afterFailedTurns: number;
  /** Hand over when the customer complains. */
  onComplaint: boolean;
}

const ORDER_INTENTS = new Set(['order_status', 'cancel_order', 'return_refund']);
const PERSONAL_INTENTS = new Set(['greeting', 'goodbye', 'thanks', 'cancel_subscription', 'billing_question', 'change_plan']);

function mentionedOrderId(nlu: NluResult): string | undefined {
  return nlu.entities.find((e) => e.type === 'orderId')?.value;
}

/** The order a question is most likely about: the one named, else the newest that was not cancelled. */
function orderInQuestion(input: PolicyInput): Order | undefined {
  if (input.mentionedOrder) return input.mentionedOrder;
  const orders = input.context?.orders ?? [];
  return orders.find((o) => o.status !== 'cancelled') ?? orders[0];
}

function decideOrder(intent: string, input: PolicyInput, base: Slots): Decision {
  const answer = (variant: string, slots: Slots = base, cards: ReplyCard[] = []): Decision => ({
    action: variant === 'signedOut' ? 'sign_in_required' : 'order_lookup',
    intent,
    variant,
    slots,
    cards,
  });
  if (!input.context) return answer('signedOut');
  const namedId = mentionedOrderId(input.nlu);
  if (namedId && !input.mentionedOrder) return answer('notFound', { ...base, orderId: namedId });
  const order = orderInQuestion(input);
  if (!order) return answer('noOrders');
  const slots = { ...base, ...orderSlots(order) };
  const card = [orderCard(order)];
  const open = order.status === 'processing' || order.status === 'shipped';
  if (intent === 'order_status') return answer(open && slots.deliveryEstimate ? 'inTransit' : 'found', slots, card);
  if (intent === 'return_refund') return answer('found', slots, card);
  if (order.status === 'processing') {
    return { ...answer('cancellable', slots, card), action: 'handoff', handoff: { trigger: 'cancel_request', reason: `cancel order ${order.id}` } };
  }
  return answer('notCancellable', slots, card);
}

export function decide(input: PolicyInput): Decision {
  const { nlu, context } = input;
  const base = customerSlots(context);
  const triggers = input.triggers;
  if (nlu.ambiguous) return { action: 'clarify', intent: null, variant: 'default', slots: base, cards: [], clarify: nlu.ambiguous };
  if (nlu.intent !== null && input.answerable && !input.answerable(nlu.intent)) {
    // Learnt from labels before anyone wrote its replies: a person answers (see README, retraining).
    const reason = `no reply written yet for intent ${nlu.intent}`;
    return { action: 'handoff', intent: 'human_agent', variant: 'queued', slots: base, cards: [], handoff: { trigger: 'intent_without_reply', reason } };
  }
  if (nlu.intent === null) {
    const failed = input.conversation.failedTurns + 1;
    if (triggers && triggers.afterFailedTurns > 0 && failed >= triggers.afterFailedTurns) {
      const reason = `not understood ${failed} times in a row`;
      return { action: 'handoff', intent: 'human_agent', variant: 'queued', slots: base, cards: [], handoff: { trigger: 'repeated_fallback', reason } };
    }
    return { action: 'fallback', intent: null, variant: 'default', slots: base, cards: [] };
  }
  const intent = nlu.intent;
  if (intent === 'complaint' && triggers?.onComplaint) {
    return { action: 'handoff', intent, variant: 'default', slots: base, cards: [], handoff: { trigger: 'complaint', reason: 'complained' } };
  }
  if (ORDER_INTENTS.has(intent)) return decideOrder(intent, input, base);
  if (intent === 'human_agent') {
    return { action: 'handoff', intent, variant: 'queued', slots: base, cards: [], handoff: { trigger: 'customer_request', reason: 'asked for a person' } };
  }
  if (intent === 'product_recommendation') {
    const recs = context?.recommendations ?? [];
    if (recs.length === 0) return { action: 'answer', intent, variant: 'default', slots: base, cards: [] };
    const cards = recs.slice(0, 3).map((r) => ({
      title: r.name,
      subtitle: formatMoney(r.unitPrice),
      text: r.reason,
    }));
    // A customer with no purchases yet gets what is popular, and the reply says so.
    const variant = context && context.orders.length === 0 ? 'popular' : 'personal';
    return { action: 'recommend', intent, variant, slots: base, cards };
  }
  if (intent === 'product_info' && input.boughtTogether && input.boughtTogether.items.length > 0) {
    const cards = input.boughtTogether.items.slice(0, 3).map((r) => ({ title: r.name, subtitle: formatMoney(r.unitPrice), text: r.reason }));
    return { action: 'answer', intent, variant: 'boughtTogether', slots: { ...base, productName: input.boughtTogether.productName }, cards };
  }
  const variant = context && PERSONAL_INTENTS.has(intent) ? 'known' : 'default';
  return { action: 'answer', intent, variant, slots: base, cards: [] };
}
