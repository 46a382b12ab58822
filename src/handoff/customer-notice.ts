// A message from the bot to a customer outside a turn (an agent joined, a new place in the queue, back in the queue):
// stored like any bot reply, then delivered proactively where the channel cannot poll (Teams).
import type { Reply } from '../dialogue/types.js';
import { newId } from '../store/ids.js';
import type { Conversation, Store } from '../store/ports.js';

export type SendToChannel = (reference: Record<string, unknown>, replies: Reply[]) => Promise<void>;

export async function notifyCustomer(
  deps: { store: Store; sendToChannel?: SendToChannel },
  conversation: Conversation,
  text: string,
  action: string,
  at: Date,
): Promise<void> {
  // Stored first: the web chat reads it on its next poll, and the transcript has it even if delivery fails.
  await deps.store.interactions.append({
    id: newId(at.getTime()),
    conversationId: conversation.id,
    channel: conversation.channel,
    ...(conversation.customerId ? { customerId: conversation.customerId } : {}),
    sender: 'bot',
    text,
    at: at.toISOString(),
    action,
  });
  if (conversation.channel === 'teams' && conversation.reference && deps.sendToChannel) {
    await deps.sendToChannel(conversation.reference, [{ text }]);
  }
}
