// The retention path's decisions without the HTTP stack: offer, accept, decline, and the high-value trigger.
import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../src/crm/types.js';
import { ACCEPT_VALUE, lifetimeValue, PERSON_VALUE, retentionStep, type RetentionSettings } from '../../src/dialogue/retention-turn.js';
import { parseOfferRules } from '../../src/recommend/retention-offers.js';
import type { AppliedOffer, Interaction } from '../../src/store/ports.js';

const rules = parseOfferRules('offers:\n  - name: risky\n    when: { minChurn: 0.6, maxChurn: 0.9 }\n    offer: { id: upgrade, title: a free upgrade, text: Have a free upgrade, validForDays: 90 }\n', 'f');
const settings: RetentionSettings = { rules, highValue: { enabled: true, minChurn: 0.6, minValue: 1000 } };
const context = (probability: number, totalCharges: number): CustomerContext => ({
  customer: { id: 'c1', name: 'Ann Example', source: 'demo', createdAt: '', updatedAt: '', subscription: { tenureMonths: 3, contract: 'Month-to-month', monthlyCharges: 80, totalCharges } },
  orders: [{ id: 'o1', customerId: 'c1', placedAt: '', status: 'delivered', lines: [], total: 100, currency: 'GBP' }, { id: 'o2', customerId: 'c1', placedAt: '', status: 'cancelled', lines: [], total: 999, currency: 'GBP' }],
  churn: { probability, band: 'high', drivers: [], model: 'test' },
  recommendations: [],
});
const leaving = { intent: 'cancel_subscription', confidence: 0.9, ranking: [], entities: [] };
const other = { intent: 'greeting', confidence: 0.9, ranking: [], entities: [] };
const offered: Interaction = { id: 'b1', conversationId: 'k', channel: 'webchat', sender: 'bot', text: 'Have a free upgrade', at: '', offer: { id: 'upgrade', status: 'offered' } };

describe('retention turn', () => {
  it('counts subscription charges and orders that were not cancelled as lifetime value', () => {
    expect(lifetimeValue(context(0.7, 240))).toBe(340);
  });

  it('offers the matching rule to a leaving customer, and only to one who is leaving', () => {
    const step = retentionStep({ text: 'I want to leave', nlu: leaving, context: context(0.7, 100), history: [], settings });
    expect(step).toMatchObject({ kind: 'reply', offer: { id: 'upgrade', status: 'offered' } });
    expect(step?.kind === 'reply' && step.replies[0]?.suggestedActions?.map((a) => a.title)).toEqual(['Accept', 'No thanks']);
    expect(retentionStep({ text: 'hi', nlu: other, context: context(0.7, 100), history: [], settings })).toBeNull();
    expect(retentionStep({ text: 'I want to leave', nlu: leaving, context: null, history: [], settings })).toBeNull();
  });

  it('records an acceptance, and a decline goes to cancel_request or, for high value, high_value_at_risk', () => {
    const accepted = retentionStep({ text: 'Accept the offer', nlu: other, context: context(0.7, 100), history: [offered], settings });
    expect(accepted).toMatchObject({ kind: 'reply', offer: { id: 'upgrade', status: 'accepted' } });
    const declined = retentionStep({ text: 'No thanks', nlu: other, context: context(0.7, 100), history: [offered], settings });
    expect(declined).toMatchObject({ kind: 'handoff', offer: { id: 'upgrade', status: 'declined' }, decision: { handoff: { trigger: 'cancel_request' } } });
    const valuable = retentionStep({ text: 'no', nlu: other, context: context(0.7, 5000), history: [offered], settings });
    expect(valuable).toMatchObject({ kind: 'handoff', decision: { handoff: { trigger: 'high_value_at_risk' } } });
    expect(valuable?.kind === 'handoff' && valuable.decision.handoff?.reason).toMatch(/declined offer upgrade; churn risk 70%, lifetime value £5,100/);
  });

  it('sends a high-value customer with no matching offer straight to a person; never offers twice', () => {
    // Churn 0.95 is above the rule's maxChurn: no offer, but high value at risk.
    expect(retentionStep({ text: 'bye', nlu: leaving, context: context(0.95, 5000), history: [], settings })).toMatchObject({ kind: 'handoff', decision: { handoff: { trigger: 'high_value_at_risk' } } });
    // Below the value threshold and no offer: the usual policy answers.
    expect(retentionStep({ text: 'bye', nlu: leaving, context: context(0.95, 100), history: [], settings })).toBeNull();
    const declinedBefore: Interaction = { ...offered, id: 'c2', sender: 'customer', offer: { id: 'upgrade', status: 'declined' } };
    expect(retentionStep({ text: 'I want to leave', nlu: leaving, context: context(0.7, 100), history: [offered, declinedBefore], settings })).toBeNull();
    const off = { ...settings, highValue: { ...settings.highValue, enabled: false } };
    expect(retentionStep({ text: 'bye', nlu: leaving, context: context(0.95, 5000), history: [], settings: off })).toBeNull();
  });

  it('reminds a customer with an offer running instead of offering another, with a person one button away', () => {
    const running: AppliedOffer = { id: 'upgrade', title: 'a free upgrade', acceptedAt: '2026-11-01T10:00:00.000Z', expiresAt: '2027-01-30T10:00:00.000Z', conversationId: 'k0' };
    const again = retentionStep({ text: 'I want to leave', nlu: leaving, context: context(0.7, 100), history: [], settings, activeOffers: [running] });
    expect(again).toMatchObject({ kind: 'reply' });
    expect(again?.kind === 'reply' && again.offer).toBeUndefined();
    const reply = again?.kind === 'reply' ? again.replies[0] : undefined;
    expect(reply?.text).toBe("You already have a free upgrade on your account, Ann, running until 30 January 2027, so I can't offer you another one just now. If you still want to leave, I can put you through to a person.");
    expect(reply?.suggestedActions).toEqual([{ title: 'Talk to a person', value: PERSON_VALUE }]);
    // Pressing an old Accept button again gets the same reminder, never a second acceptance.
    expect(retentionStep({ text: ACCEPT_VALUE, nlu: other, context: context(0.7, 100), history: [], settings, activeOffers: [running] })).toMatchObject({ kind: 'reply' });
    // Even a high-value customer is reminded first rather than queued.
    expect(retentionStep({ text: 'bye', nlu: leaving, context: context(0.95, 5000), history: [], settings, activeOffers: [running] })).toMatchObject({ kind: 'reply' });
    // Other intents are not affected by a running offer.
    expect(retentionStep({ text: 'hi', nlu: other, context: context(0.7, 100), history: [], settings, activeOffers: [running] })).toBeNull();
  });

  it('takes a later press of the offer\'s own button as the answer while it is unanswered, but not a later "yes"', () => {
    const between: Interaction[] = [offered, { ...offered, id: 'c2', sender: 'customer', text: 'when is my bill due?', offer: undefined }, { ...offered, id: 'b3', text: 'Your bill is due on the 1st.', offer: undefined }];
    expect(retentionStep({ text: 'yes', nlu: other, context: context(0.7, 100), history: between, settings })).toBeNull();
    expect(retentionStep({ text: ACCEPT_VALUE, nlu: other, context: context(0.7, 100), history: between, settings })).toMatchObject({ kind: 'reply', offer: { id: 'upgrade', status: 'accepted' } });
    const answered: Interaction[] = [...between, { ...offered, id: 'c4', sender: 'customer', offer: { id: 'upgrade', status: 'declined' } }];
    expect(retentionStep({ text: ACCEPT_VALUE, nlu: other, context: context(0.7, 100), history: answered, settings })).toBeNull();
  });
});
