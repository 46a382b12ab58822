// The retention path with the account behind it: works out which accepted offers are running for the customer (on
// their record, or still in the outbox after an outage), lets retention-turn.ts decide, and when the customer accepts
// puts the offer on their account and says what actually happened — applied, queued until the store is back, or not
// applied (then the offer stands, so pressing Accept again retries, and a person is offered). When the store cannot
// even be read, an Accept cannot be matched to an offer: the customer is told nothing was applied and to press again.
import { activeOffers, appliedOffer, sameAcceptance, type OfferAccounts } from '../crm/applied-offers.js';
import type { AppliedOffer } from '../store/ports.js';
import { customerSlots, formatDate } from './customer-slots.js';
import { ACCEPT_VALUE, DECLINE_VALUE, nameSuffix, PERSON_VALUE, retentionStep, type RetentionInput, type RetentionStep } from './retention-turn.js';
import type { Reply } from './types.js';

export interface RetentionTurnInput extends Omit<RetentionInput, 'activeOffers'> {
  conversationId: string;
  /** Store reads that fell back to "nothing known" this turn (reliability/degraded-store.ts). */
  unreadable?: ReadonlySet<string>;
}

/** Reads without which an Accept cannot be matched to the offer it answers (who, and what was offered). */
const ACCEPT_NEEDS = ['customers.get', 'customers.findByRef', 'interactions.listByConversation'];

/** The store could not be read: the Accept cannot be checked against the offer made, so nothing is applied. */
const unreachableAccountReply: Reply = {
  text: "I can't reach your account just now, so I can't add the offer to it this minute — nothing has been changed. Please press Accept again in a few minutes, or ask for a person.",
  suggestedActions: [{ title: 'Accept', value: ACCEPT_VALUE }, { title: 'Talk to a person', value: PERSON_VALUE }],
};

function thanks(firstName: unknown): string {
  return `Thank you for staying with us${nameSuffix(firstName)}.`;
}

function acceptedReply(firstName: unknown, offer: AppliedOffer, queued: boolean): Reply {
  const until = formatDate(offer.expiresAt);
  const text = queued
    ? `${thanks(firstName)} I've recorded that you accept ${offer.title}. Our account system is catching up just now, so it will show on your account within a few minutes; it runs until ${until}.`
    : `${thanks(firstName)} ${offer.title.charAt(0).toUpperCase()}${offer.title.slice(1)} is now on your account and runs until ${until}.`;
  return { text };
}

function notAppliedReply(title: string): Reply {
  return {
    text: `Sorry, I couldn't add ${title} to your account just now. Please press Accept again in a minute, or ask for a person.`,
    suggestedActions: [{ title: 'Accept', value: ACCEPT_VALUE }, { title: 'No thanks', value: DECLINE_VALUE }, { title: 'Talk to a person', value: PERSON_VALUE }],
  };
}

export async function retentionTurn(input: RetentionTurnInput, accounts: OfferAccounts, now: Date): Promise<RetentionStep> {
  const customerId = input.context?.customer.id;
  const known = customerId ? [...(input.context?.customer.retention?.offers ?? []), ...accounts.pending(customerId)] : [];
  const active = activeOffers(known, now);
  const step = retentionStep({ ...input, activeOffers: active });
  if (!step && input.text.trim() === ACCEPT_VALUE && ACCEPT_NEEDS.some((read) => input.unreadable?.has(read))) {
    return { kind: 'reply', replies: [unreachableAccountReply] };
  }
  if (step?.kind !== 'reply' || step.offer?.status !== 'accepted' || !customerId) return step;
  const firstName = customerSlots(input.context).firstName;
  const rule = input.settings.rules.find((r) => r.offer.id === step.offer?.id);
  // The rules were edited since the offer was made: there is nothing left to apply.
  if (!rule) return { kind: 'reply', replies: [{ text: "Sorry, that offer is no longer available. If you still want to leave, I can put you through to a person.", suggestedActions: [{ title: 'Talk to a person', value: PERSON_VALUE }] }] };
  const offer = appliedOffer(rule.offer, input.conversationId, now);
  try {
    const outcome = await accounts.accept(customerId, offer);
    // Accepted before (a retried request): quote the dates already on the account.
    const shown = outcome === 'already' ? (known.find((o) => sameAcceptance(o, offer)) ?? offer) : offer;
    return { ...step, replies: [acceptedReply(firstName, shown, outcome === 'queued')] };
  } catch {
    // Logged by the accounts; the customer's answer is not recorded as accepted, and the offer stands.
    return { kind: 'reply', replies: [notAppliedReply(rule.offer.title)], offer: { id: rule.offer.id, status: 'offered' } };
  }
}
