// Suggested replies for the agent: what the bot would have answered to the customer's last message, for each of the
// likeliest intents, rendered from the intent catalogue with this customer's slots (name, orders …) by the same policy
// the bot uses. The agent clicks one to put it in the composer and edits it before sending.
import type { CustomerInsights } from '../crm/types.js';
import { decide } from '../dialogue/policy.js';
import type { ResponseRenderer } from '../dialogue/responses.js';
import type { LanguageUnderstanding } from '../nlu/types.js';
import type { Store } from '../store/ports.js';

export interface SuggestedReply {
  intent: string;
  /** The intent's description from the catalogue, for the button's tooltip. */
  label: string;
  confidence: number;
  text: string;
}

export const MAX_SUGGESTIONS = 3;
/** Intents whose bot answer is about reaching a person: useless to the person already there. */
const NOT_FOR_AGENTS = new Set(['human_agent', 'complaint']);

export interface SuggestedRepliesDependencies {
  store: Store;
  nlu: LanguageUnderstanding;
  insights: CustomerInsights;
  renderer: ResponseRenderer;
}

export function createSuggestedReplies(deps: SuggestedRepliesDependencies) {
  return async function suggestReplies(conversationId: string): Promise<SuggestedReply[]> {
    const conversation = await deps.store.conversations.get(conversationId);
    if (!conversation) return [];
    const fromCustomer = await deps.store.interactions.listByConversation(conversationId, { senders: ['customer'], limit: 5000 });
    const last = fromCustomer.at(-1);
    if (!last || last.text.trim() === '') return [];
    // Messages relayed to an agent were never classified; classify now (the ranking is not stored for them).
    const understood = last.ranking?.length ? { ranking: last.ranking, entities: last.entities ?? [] } : await deps.nlu.understand(last.text);
    const context = conversation.customerId ? await deps.insights.contextFor(conversation.customerId) : null;
    const orderId = understood.entities.find((e) => e.type === 'orderId')?.value;
    const order = orderId && context ? await deps.store.orders.get(orderId) : null;
    const mentionedOrder = order && order.customerId === context?.customer.id ? order : null;

    const replies: SuggestedReply[] = [];
    for (const { intent, confidence } of understood.ranking) {
      if (replies.length >= MAX_SUGGESTIONS) break;
      if (NOT_FOR_AGENTS.has(intent)) continue;
      const decision = decide({ nlu: { intent, confidence, ranking: understood.ranking, entities: understood.entities }, conversation, context, mentionedOrder });
      if (decision.intent === null) continue;
      const text = deps.renderer.render(decision.intent, decision.variant, decision.slots, 0);
      if (text) replies.push({ intent, label: deps.renderer.description(intent) ?? intent, confidence, text });
    }
    return replies;
  };
}

export type SuggestReplies = ReturnType<typeof createSuggestedReplies>;
