// Accepted retention offers on the customer record: which are active, and writing one on exactly once. The write is a
// compare-and-set on the customer's updatedAt, retried on a conflict, so two accepts racing each other (a double
// click, a retried request, two conversations) keep both offers or, for the same offer, only one.
import { AppError } from '../app-error.js';
import type { RetentionOffer } from '../recommend/retention-offers.js';
import type { AppliedOffer, Customer, Store } from '../store/ports.js';

const DAY_MS = 86_400_000;
/** Compare-and-set attempts before giving up (each loses only to a write that landed in between). */
const ATTEMPTS = 5;

export type ApplyOutcome = 'applied' | 'already';

/** How the turn puts an accepted offer on the account (reliability/offer-accounts.ts adds the outbox). */
export interface OfferAccounts {
  /** Puts the offer on the customer's account once; 'queued' = kept in the outbox until the store is back. */
  accept(customerId: string, offer: AppliedOffer): Promise<ApplyOutcome | 'queued'>;
  /** Accepted offers not yet on the customer record (waiting in the outbox). */
  pending(customerId: string): AppliedOffer[];
}

/** The record of an offer accepted at `now` in `conversationId`, valid for the offer's `validForDays`. */
export function appliedOffer(offer: RetentionOffer, conversationId: string, now: Date): AppliedOffer {
  return {
    id: offer.id,
    title: offer.title,
    acceptedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + offer.validForDays * DAY_MS).toISOString(),
    conversationId,
  };
}

/** Offers still running at `now`, soonest to expire first. */
export function activeOffers(offers: readonly AppliedOffer[], now: Date): AppliedOffer[] {
  const at = now.toISOString();
  return offers.filter((o) => o.acceptedAt <= at && o.expiresAt > at).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

/** The same offer accepted in the same conversation is one acceptance, however many times it arrives. */
export const sameAcceptance = (a: AppliedOffer, b: AppliedOffer): boolean => a.id === b.id && a.conversationId === b.conversationId;

/** A later timestamp than `previous` even within the same millisecond, so the next compare-and-set sees a change. */
function nextUpdatedAt(previous: string, now: Date): string {
  const before = Date.parse(previous);
  return new Date(Number.isNaN(before) ? now.getTime() : Math.max(now.getTime(), before + 1)).toISOString();
}

/** Writes the accepted offer onto the customer record unless it is already there. Store errors pass through. */
export async function applyOfferToAccount(store: Store, customerId: string, offer: AppliedOffer, now: Date): Promise<ApplyOutcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const customer: Customer | null = await store.customers.get(customerId);
    if (!customer) throw new AppError('CUSTOMER_NOT_FOUND', 'No such customer to apply the offer to.', { status: 404 });
    const offers = customer.retention?.offers ?? [];
    if (offers.some((o) => sameAcceptance(o, offer))) return 'already';
    const written = await store.customers.setRetention(customerId, { offers: [...offers, offer] }, customer.updatedAt, nextUpdatedAt(customer.updatedAt, now));
    if (written) return 'applied';
  }
  throw new AppError('OFFER_APPLY_CONFLICT', 'The customer record kept changing; the offer was not applied.', { status: 409 });
}

/** Without an outbox (tests, tools): the store's answer or its error. */
export function directOfferAccounts(store: Store, now: () => Date = () => new Date()): OfferAccounts {
  return { accept: (customerId, offer) => applyOfferToAccount(store, customerId, offer, now()), pending: () => [] };
}
