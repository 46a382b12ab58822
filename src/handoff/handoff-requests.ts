// Opens a handoff: the conversation joins the queue for a person, with the trigger and reason recorded.
import { createHash } from 'node:crypto';
import type { Conversation, Handoff, Store } from '../store/ports.js';
import { newId } from '../store/ids.js';

export interface HandoffRequest {
  trigger: string;
  reason: string;
  priority?: number;
}

/** Queues the conversation for an agent; a conversation already waiting or with an agent keeps its open handoff. */
export async function requestHandoff(store: Store, conversation: Conversation, request: HandoffRequest, now = new Date()): Promise<Handoff> {
  const open = (await store.handoffs.listByConversation(conversation.id)).find((h) => !h.endedAt && !isCallback(h));
  if (open) return open;
  const handoff: Handoff = {
    id: newId(now.getTime()),
    conversationId: conversation.id,
    customerId: conversation.customerId,
    trigger: request.trigger,
    reason: request.reason,
    priority: request.priority ?? 0,
    requestedAt: now.toISOString(),
  };
  await store.handoffs.create(handoff);
  await store.conversations.update(conversation.id, { state: 'queued' }, { state: 'bot' });
  return handoff;
}

/** A short reference a customer can quote, derived from the handoff id. */
export function handoffReference(handoff: Handoff): string {
  return createHash('sha256').update(handoff.id).digest('hex').slice(0, 8).toUpperCase();
}

/** A callback request (out of hours) is a record for the next day's team, not a place in the queue. */
export function isCallback(handoff: Handoff): boolean {
  return handoff.callback !== undefined;
}
