// The queue of conversations waiting for a person: its order, a customer's place in it, and the priority rule.
import type { CustomerContext } from '../crm/types.js';
import type { Conversation, Handoff, Store } from '../store/ports.js';
import { isCallback } from './handoff-requests.js';

export interface WaitingHandoff {
  handoff: Handoff;
  conversation: Conversation;
}

/**
 * Priority = churn probability × customer value, so the agent sees first whom the business would miss most.
 * Value: a year of a subscription's monthly charges, else the total of the recent orders we already loaded.
 * Both are cheap (already in the turn's context); no context or no churn score means 0.
 */
export function handoffPriority(context: CustomerContext | null): number {
  if (!context?.churn) return 0;
  const sub = context.customer.subscription;
  const value = sub ? sub.monthlyCharges * 12 : context.orders.filter((o) => o.status !== 'cancelled').reduce((sum, o) => sum + o.total, 0);
  const priority = context.churn.probability * value;
  return Number.isFinite(priority) && priority > 0 ? Math.round(priority * 100) / 100 : 0;
}

/** Queue order: higher priority first, then who has waited longest, then id for a stable order. */
export function compareQueued(a: Handoff, b: Handoff): number {
  return b.priority - a.priority || a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id);
}

/** Open handoffs whose conversation is still waiting (not yet claimed), in queue order. */
export async function listWaiting(store: Store): Promise<WaitingHandoff[]> {
  const open = await store.handoffs.listOpen();
  const waiting: WaitingHandoff[] = [];
  for (const handoff of open) {
    if (isCallback(handoff)) continue;
    const conversation = await store.conversations.get(handoff.conversationId);
    if (conversation?.state === 'queued') waiting.push({ handoff, conversation });
  }
  return waiting.sort((a, b) => compareQueued(a.handoff, b.handoff));
}

/** 1-based place of the conversation in the queue, or null when it is not waiting. */
export async function queuePosition(store: Store, conversationId: string): Promise<number | null> {
  const index = (await listWaiting(store)).findIndex((w) => w.conversation.id === conversationId);
  return index === -1 ? null : index + 1;
}

export function positionSentence(position: number | null): string {
  if (position === null) return '';
  return position === 1 ? "You're next in the queue." : `You're number ${position} in the queue.`;
}

/** What a customer who is already waiting hears when they ask for a person again. */
export function alreadyQueuedText(reference: string, position: number | null): string {
  return `You're already in the queue for a person (reference ${reference}). ${positionSentence(position)} Someone will reply here as soon as they're free; you can keep adding details in the meantime.`
    .replace(/\s{2,}/g, ' ')
    .trim();
}
