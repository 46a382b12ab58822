// What an agent's console lists besides the queue: their own conversations, live bot conversations they may take
// over (the monitor) and callback requests left out of hours.
import type { Channel, Conversation, Handoff, Store } from '../store/ports.js';
import { handoffReference } from './handoff-requests.js';
import type { HandoffService } from './handoff-service.js';

export interface MyConversation {
  conversationId: string;
  channel: Conversation['channel'];
  customerId?: string;
  lastMessageAt: string;
}

export interface MonitoredConversation {
  conversationId: string;
  channel: Channel;
  customerId?: string;
  lastIntent?: string;
  failedTurns: number;
  startedAt: string;
  lastMessageAt: string;
}

export interface CallbackEntry {
  handoffId: string;
  reference: string;
  conversationId: string;
  customerId?: string;
  trigger: string;
  reason: string;
  contact: string;
  contactKind: 'email' | 'phone';
  requestedAt: string;
}

/** A bot conversation counts as live when the customer wrote within this window. */
export const MONITOR_WINDOW_MINUTES = 30;
export const MONITOR_LIMIT = 50;

export async function myConversations(store: Store, agent: string): Promise<MyConversation[]> {
  const assigned = await store.conversations.listByState('assigned', { limit: 500 });
  return assigned
    .filter((c) => c.assignedAgent === agent)
    .map((c) => ({ conversationId: c.id, channel: c.channel, ...(c.customerId ? { customerId: c.customerId } : {}), lastMessageAt: c.lastMessageAt }))
    .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

export async function monitoredConversations(store: Store, now: Date): Promise<MonitoredConversation[]> {
  const since = new Date(now.getTime() - MONITOR_WINDOW_MINUTES * 60_000).toISOString();
  const live = await store.conversations.listRecent('bot', since, MONITOR_LIMIT);
  return live.map((c) => ({
    conversationId: c.id,
    channel: c.channel,
    ...(c.customerId ? { customerId: c.customerId } : {}),
    ...(c.lastIntent ? { lastIntent: c.lastIntent } : {}),
    failedTurns: c.failedTurns,
    startedAt: c.startedAt,
    lastMessageAt: c.lastMessageAt,
  }));
}

export function callbackEntry(h: Handoff): CallbackEntry | null {
  const cb = h.callback;
  if (cb?.status !== 'requested' || !cb.contact || !cb.contactKind) return null;
  return {
    handoffId: h.id,
    reference: handoffReference(h),
    conversationId: h.conversationId,
    ...(h.customerId ? { customerId: h.customerId } : {}),
    trigger: h.trigger,
    reason: h.reason,
    contact: cb.contact,
    contactKind: cb.contactKind,
    requestedAt: cb.requestedAt ?? h.requestedAt,
  };
}

/** Callback requests nobody has dealt with yet, oldest first. */
export async function openCallbacks(store: Store): Promise<CallbackEntry[]> {
  return (await store.handoffs.listOpen()).flatMap((h) => callbackEntry(h) ?? []);
}

/** An agent called or wrote back: the callback request ends (outcome `called_back`). */
export async function markCallbackDone(store: Store, handoffId: string, agent: string, at: Date): Promise<Handoff | null> {
  const handoff = await store.handoffs.get(handoffId);
  if (handoff?.callback?.status !== 'requested') return null;
  return store.handoffs.update(handoffId, {
    endedAt: at.toISOString(),
    outcome: 'called_back',
    agent,
    callback: { ...handoff.callback, status: 'done', doneAt: at.toISOString(), doneBy: agent },
  });
}

/** The grace period of a disconnected agent ran out: every conversation they still hold goes back to the queue. */
export async function returnAgentConversations(store: Store, handoffs: HandoffService, agent: string): Promise<number> {
  const held = (await store.conversations.listByState('assigned', { limit: 1000 })).filter((c) => c.assignedAgent === agent);
  let returned = 0;
  for (const conversation of held) {
    try {
      await handoffs.returnToQueue(conversation.id, agent);
      returned += 1;
    } catch {
      // Handed back, closed or taken over in the meantime: nothing to return.
    }
  }
  return returned;
}
