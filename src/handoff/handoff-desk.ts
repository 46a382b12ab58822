// What the customer hears around a handoff: their place in the queue with an honest wait estimate during working
// hours; outside them, that the team is away and an offer to leave an e-mail address or phone number for a callback.
// A callback is a handoff record with `callback` set (trigger and reason kept), so agents see it next day in the
// console and reports count it with the other handoffs.
import type { Reply } from '../dialogue/types.js';
import type { Logger } from '../logger.js';
import { newId } from '../store/ids.js';
import type { Conversation, Handoff, Store } from '../store/ports.js';
import { findContact, looksLikeContactAttempt } from './contact-capture.js';
import type { HandoffEvents } from './handoff-events.js';
import { handoffReference, isCallback, type HandoffRequest } from './handoff-requests.js';
import { estimateWait, RECENT_HANDOFFS, type WaitEstimate } from './wait-estimate.js';
import type { WorkingHours } from './working-hours.js';

export const OUT_OF_HOURS = 'out_of_hours';
/** An offer the customer has not answered within a day is no longer what their next message is about. */
const OFFER_TTL_MS = 24 * 60 * 60_000;

export interface HandoffDesk {
  isOpen(at: Date): boolean;
  /** Out of hours: records the request as an offered callback and returns what the bot says instead of queueing. */
  offerCallback(conversation: Conversation, request: HandoffRequest, at: Date): Promise<Reply>;
  /** The reply when this message answers an open callback offer (contact taken, or asked again); null otherwise. */
  captureContact(conversation: Conversation, text: string, at: Date): Promise<Reply | null>;
  estimate(position: number): Promise<WaitEstimate>;
}

export interface HandoffDeskDependencies {
  store: Store;
  hours: WorkingHours;
  agentsOnline: () => number;
  events?: HandoffEvents;
  logger?: Logger;
}

/** Handling seconds (claim → end) of recently finished handoffs that an agent actually handled. */
export async function recentHandlingSeconds(store: Store, limit = RECENT_HANDOFFS): Promise<number[]> {
  const ended = await store.handoffs.listEnded(limit * 2);
  return ended
    .filter((h) => h.claimedAt && h.endedAt && !isCallback(h) && h.outcome !== 'agent_disconnected')
    .slice(0, limit)
    .map((h) => Math.max(0, (Date.parse(h.endedAt ?? '') - Date.parse(h.claimedAt ?? '')) / 1000));
}

export function createHandoffDesk(deps: HandoffDeskDependencies): HandoffDesk {
  const { store, hours } = deps;

  async function openOffer(conversationId: string, at: Date): Promise<Handoff | null> {
    const all = await store.handoffs.listByConversation(conversationId);
    const offer = all.filter((h) => h.callback?.status === 'offered').at(-1);
    return offer && at.getTime() - Date.parse(offer.requestedAt) < OFFER_TTL_MS ? offer : null;
  }

  return {
    isOpen: (at) => hours.isOpen(at),

    async offerCallback(conversation, request, at) {
      const existing = await openOffer(conversation.id, at);
      if (!existing) {
        // Ended at once: nobody waits in a queue for it; it reopens when the customer leaves a contact.
        await store.handoffs.create({
          id: newId(at.getTime()),
          conversationId: conversation.id,
          ...(conversation.customerId ? { customerId: conversation.customerId } : {}),
          trigger: request.trigger,
          reason: request.reason,
          priority: request.priority ?? 0,
          requestedAt: at.toISOString(),
          endedAt: at.toISOString(),
          outcome: OUT_OF_HOURS,
          callback: { status: 'offered' },
        });
      }
      const back = hours.describeOpening(at);
      return {
        text:
          `Our team is away right now (we're here ${hours.text}, ${hours.timeZone} time)${back ? ` and back ${back}` : ''}. ` +
          "If you'd like us to get back to you, type your e-mail address or phone number here. Or keep chatting with me.",
      };
    },

    async captureContact(conversation, text, at) {
      const offer = await openOffer(conversation.id, at);
      if (!offer) return null;
      const contact = findContact(text);
      if (!contact) {
        return looksLikeContactAttempt(text)
          ? { text: "That doesn't look like an e-mail address or a phone number I can use. Please type it again, for example name@example.com or +44 20 7946 0000." }
          : null;
      }
      await store.handoffs.update(offer.id, {
        endedAt: undefined,
        outcome: undefined,
        callback: { status: 'requested', contact: contact.value, contactKind: contact.kind, requestedAt: at.toISOString() },
      });
      deps.events?.publish({ type: 'callback_requested', conversationId: conversation.id });
      deps.logger?.info('handoff.callback.requested', { conversationId: conversation.id, kind: contact.kind });
      const how = contact.kind === 'email' ? 'e-mail you at the address you gave' : 'call you on the number you gave';
      const back = hours.describeOpening(at);
      return { text: `Thanks, we'll ${how}${back ? ` when we're back ${back}` : ' as soon as we can'}. Your reference is ${handoffReference(offer)}.` };
    },

    async estimate(position) {
      return estimateWait({ position, agentsOnline: deps.agentsOnline(), handlingSeconds: await recentHandlingSeconds(store) });
    },
  };
}
