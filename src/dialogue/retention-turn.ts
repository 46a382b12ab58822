// The retention path of a turn: a customer who says they are leaving gets a retention offer when a rule matches,
// and their answer to it is understood on the next turn; a high-value customer at high churn risk goes to a person
// (trigger high_value_at_risk) when there is no offer for them or they decline it. Anything else falls through to the
// usual policy.
//
// Why offer first, then a person, for high-value customers: the offer is instant and many accept it, which a
// retention team would rather not queue for; one who declines is worth a specialist's time, who can go beyond the
// rule book. A declined offer from anyone else goes to the usual cancellation handling (trigger cancel_request).
// A customer who already has an accepted offer running is reminded of it instead of being offered another (one offer
// at a time is the rule book's promise to the business), with a person one button away.
import type { CustomerContext } from '../crm/types.js';
import type { NluResult } from '../nlu/types.js';
import { matchOffer, type OfferRule } from '../recommend/retention-offers.js';
import type { AppliedOffer, Interaction } from '../store/ports.js';
import { customerSlots, formatDate, formatMoney } from './customer-slots.js';
import type { Decision } from './policy.js';
import type { Reply } from './types.js';

export interface RetentionSettings {
  rules: readonly OfferRule[];
  /** Hand a leaving customer with churn ≥ minChurn and lifetime value ≥ minValue to a person. */
  highValue: { enabled: boolean; minChurn: number; minValue: number };
}

export type OfferMark = NonNullable<Interaction['offer']>;

export type RetentionStep =
  | { kind: 'reply'; replies: Reply[]; offer?: OfferMark }
  | { kind: 'handoff'; decision: Decision; offer?: OfferMark }
  | null;

export interface RetentionInput {
  text: string;
  nlu: NluResult;
  context: CustomerContext | null;
  /** This conversation so far, oldest first. */
  history: readonly Interaction[];
  settings: RetentionSettings;
  /** Accepted offers running on the customer's account now (none = absent). */
  activeOffers?: readonly AppliedOffer[];
}

const LEAVING_INTENT = 'cancel_subscription';
export const ACCEPT_VALUE = 'Accept the offer';
export const DECLINE_VALUE = 'No thanks';
const ACCEPT = /^\s*(accept|yes|yeah|yep|ok|okay|sure|go on|sounds good|i('| wi)ll take it)\b/i;
const DECLINE = /^\s*(no|nope|decline|not interested|i('| a)m not interested)\b/i;
/** What the "Talk to a person" button sends (an example of the human_agent intent). */
export const PERSON_VALUE = 'I would like to talk to a person';

/** ", Ann" when the first name is known, else nothing: for "Thank you…, Ann." and the like. */
export function nameSuffix(firstName: unknown): string {
  return typeof firstName === 'string' && firstName ? `, ${firstName}` : '';
}

/** Said to a customer leaving (or pressing Accept again) while an accepted offer is on their account. */
export function activeOfferReply(active: AppliedOffer, firstName?: unknown): Reply {
  return {
    text: `You already have ${active.title} on your account${nameSuffix(firstName)}, running until ${formatDate(active.expiresAt)}, so I can't offer you another one just now. If you still want to leave, I can put you through to a person.`,
    suggestedActions: [{ title: 'Talk to a person', value: PERSON_VALUE }],
  };
}

/**
 * What the customer has paid so far: the subscription's total charges (monthly × tenure when unknown) plus their
 * orders — from the profile (every order) when there is one, else the orders in the context (the newest ten).
 */
export function lifetimeValue(context: CustomerContext): number {
  const sub = context.customer.subscription;
  const subscription = sub ? (sub.totalCharges ?? sub.monthlyCharges * sub.tenureMonths) : 0;
  const orders = context.profile
    ? context.profile.orders.lifetimeValue
    : context.orders.filter((o) => o.status !== 'cancelled' && o.status !== 'returned').reduce((s, o) => s + o.total, 0);
  return Math.round((subscription + orders) * 100) / 100;
}

function isHighValueAtRisk(context: CustomerContext | null, s: RetentionSettings): boolean {
  if (!s.highValue.enabled || !context?.churn) return false;
  return context.churn.probability >= s.highValue.minChurn && lifetimeValue(context) >= s.highValue.minValue;
}

function toPerson(context: CustomerContext | null, trigger: string, reason: string, offer?: OfferMark): RetentionStep {
  const decision: Decision = { action: 'handoff', intent: 'human_agent', variant: 'queued', slots: customerSlots(context), cards: [], handoff: { trigger, reason } };
  return { kind: 'handoff', decision, ...(offer ? { offer } : {}) };
}

function riskReason(context: CustomerContext): string {
  return `churn risk ${Math.round((context.churn?.probability ?? 0) * 100)}%, lifetime value ${formatMoney(lifetimeValue(context))}`;
}

/**
 * An answer to an offer ("Accept the offer", "No thanks") belongs to the leaving conversation: it is recorded under
 * the leaving intent (with that intent's own confidence from the ranking), not under whatever the words look like on
 * their own, so intent reports do not count offer answers as payment problems.
 */
export function offerAnswerNlu(nlu: NluResult): NluResult {
  const confidence = nlu.ranking.find((r) => r.intent === LEAVING_INTENT)?.confidence ?? nlu.confidence;
  return { ...nlu, intent: LEAVING_INTENT, confidence };
}

export function retentionStep(input: RetentionInput): RetentionStep {
  const { context, settings } = input;
  const lastBot = input.history.filter((i) => i.sender === 'bot').at(-1);
  // An offer is answered by the next message; a press of its own buttons answers it later too, while it is unanswered
  // (after "I can't reach your account", or a question in between), but a later "yes" to something else does not.
  const lastMark = input.history.findLast((i) => i.offer !== undefined)?.offer;
  const button = input.text.trim() === ACCEPT_VALUE || input.text.trim() === DECLINE_VALUE;
  const pending = lastBot?.offer?.status === 'offered' ? lastBot.offer : button && lastMark?.status === 'offered' ? lastMark : undefined;
  if (pending && context) {
    // What to say depends on what happens to the account: retention-accept.ts applies the offer and writes the reply.
    if (ACCEPT.test(input.text)) return { kind: 'reply', replies: [], offer: { id: pending.id, status: 'accepted' } };
    if (DECLINE.test(input.text)) {
      const declined: OfferMark = { id: pending.id, status: 'declined' };
      if (isHighValueAtRisk(context, settings)) return toPerson(context, 'high_value_at_risk', `declined offer ${pending.id}; ${riskReason(context)}`, declined);
      return toPerson(context, 'cancel_request', `wants to cancel; declined offer ${pending.id}`, declined);
    }
  }
  // Leaving again, or pressing an old Accept button again, while an accepted offer runs: remind, never stack offers.
  const active = input.activeOffers?.[0];
  if (active && context && (input.nlu.intent === LEAVING_INTENT || input.text.trim() === ACCEPT_VALUE)) {
    return { kind: 'reply', replies: [activeOfferReply(active, customerSlots(context).firstName)] };
  }
  if (input.nlu.intent !== LEAVING_INTENT || !context?.churn) return null;
  const offeredBefore = input.history.some((i) => i.offer !== undefined);
  const rule = offeredBefore
    ? null
    : matchOffer(settings.rules, { churn: context.churn.probability, lifetimeValue: lifetimeValue(context), contract: context.customer.subscription?.contract, segment: context.profile?.rfm?.segment });
  if (rule) {
    const replies: Reply[] = [{ text: rule.offer.text, suggestedActions: [{ title: 'Accept', value: ACCEPT_VALUE }, { title: 'No thanks', value: DECLINE_VALUE }] }];
    return { kind: 'reply', replies, offer: { id: rule.offer.id, status: 'offered' } };
  }
  if (isHighValueAtRisk(context, settings)) return toPerson(context, 'high_value_at_risk', `says they are leaving; ${riskReason(context)}`);
  return null;
}
