// Accepting a retention offer puts it on the customer's account: the reply says what happened (applied, queued during
// an outage, or not applied — then the offer stands), and the whole path runs through the real server's turn
// pipeline: leaving → offer → Accept → the record and the staff profile show it → leaving again is reminded of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import type { OfferAccounts } from '../../src/crm/applied-offers.js';
import type { CustomerContext } from '../../src/crm/types.js';
import { retentionTurn } from '../../src/dialogue/retention-accept.js';
import { ACCEPT_VALUE, type RetentionSettings } from '../../src/dialogue/retention-turn.js';
import { parseOfferRules } from '../../src/recommend/retention-offers.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import type { AppliedOffer, Interaction } from '../../src/store/ports.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const now = new Date('2026-11-23T12:00:00.000Z');
const rules = parseOfferRules('offers:\n  - name: risky\n    when: { minChurn: 0.6 }\n    offer: { id: upgrade, title: a free upgrade, text: Have a free upgrade, validForDays: 90 }\n', 'f');
const settings: RetentionSettings = { rules, highValue: { enabled: false, minChurn: 0.6, minValue: 1000 } };
const context: CustomerContext = {
  customer: { id: 'c1', name: 'Ann Example', source: 'demo', createdAt: '', updatedAt: '' },
  orders: [],
  churn: { probability: 0.7, band: 'high', drivers: [], model: 'test' },
  recommendations: [],
};
const other = { intent: 'greeting', confidence: 0.9, ranking: [], entities: [] };
const offered: Interaction = { id: 'b1', conversationId: 'k', channel: 'webchat', sender: 'bot', text: 'Have a free upgrade', at: '', offer: { id: 'upgrade', status: 'offered' } };
const accept = { text: ACCEPT_VALUE, nlu: other, context, history: [offered], settings, conversationId: 'k' };

function accounts(answer: () => Promise<'applied' | 'already' | 'queued'>, pending: AppliedOffer[] = []): OfferAccounts & { seen: AppliedOffer[] } {
  const seen: AppliedOffer[] = [];
  return { seen, accept: (_id, offer) => (seen.push(offer), answer()), pending: () => pending };
}

describe('accepting an offer', () => {
  it('applies it for validForDays and says until when', async () => {
    const a = accounts(async () => 'applied');
    const step = await retentionTurn(accept, a, now);
    expect(a.seen).toEqual([{ id: 'upgrade', title: 'a free upgrade', acceptedAt: now.toISOString(), expiresAt: '2027-02-21T12:00:00.000Z', conversationId: 'k' }]);
    expect(step).toMatchObject({ kind: 'reply', offer: { id: 'upgrade', status: 'accepted' } });
    expect(step?.kind === 'reply' && step.replies[0]?.text).toBe('Thank you for staying with us, Ann. A free upgrade is now on your account and runs until 21 February 2027.');
  });

  it('says so honestly when the store is away and the acceptance waits in the outbox', async () => {
    const step = await retentionTurn(accept, accounts(async () => 'queued'), now);
    expect(step).toMatchObject({ kind: 'reply', offer: { status: 'accepted' } });
    expect(step?.kind === 'reply' && step.replies[0]?.text).toMatch(/I've recorded that you accept a free upgrade\. Our account system is catching up/);
  });

  it('when it cannot be applied, says so, keeps the offer open (Accept again retries) and offers a person', async () => {
    const step = await retentionTurn(accept, accounts(async () => { throw new AppError('OFFER_NOT_APPLIED', 'x', { status: 503 }); }), now);
    expect(step).toMatchObject({ kind: 'reply', offer: { id: 'upgrade', status: 'offered' } });
    const reply = step?.kind === 'reply' ? step.replies[0] : undefined;
    expect(reply?.text).toMatch(/couldn't add a free upgrade to your account just now/);
    expect(reply?.suggestedActions?.map((s) => s.title)).toEqual(['Accept', 'No thanks', 'Talk to a person']);
  });

  it('counts an acceptance still in the outbox as running: no second offer', async () => {
    const waiting: AppliedOffer = { id: 'upgrade', title: 'a free upgrade', acceptedAt: now.toISOString(), expiresAt: '2027-02-21T12:00:00.000Z', conversationId: 'k' };
    const leaving = { intent: 'cancel_subscription', confidence: 0.9, ranking: [], entities: [] };
    const step = await retentionTurn({ text: 'I want to leave', nlu: leaving, context, history: [], settings, conversationId: 'k2' }, accounts(async () => 'applied', [waiting]), now);
    expect(step?.kind === 'reply' && step.offer).toBeUndefined();
    expect(step?.kind === 'reply' && step.replies[0]?.text).toMatch(/^You already have a free upgrade on your account/);
  });
});

describe('the turn pipeline (real server, demo customer 12434)', () => {
  let server: TestServer;
  const customerId = '12434';

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function say(chat: { id?: string; token?: string }, text: string): Promise<{ text: string; actions: string[] }> {
    const res = await call(server.url, '/api/web/messages', {
      body: { text, ...(chat.id ? { conversationId: chat.id } : { customerRef: customerId }) },
      headers: chat.token ? { 'x-conversation-token': chat.token } : {},
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    chat.id ??= String(res.body.conversationId);
    chat.token ??= String(res.body.conversationToken);
    const replies = res.body.replies as { text: string; suggestedActions?: { title: string }[] }[];
    return { text: replies.map((r) => r.text).join('\n'), actions: replies.flatMap((r) => (r.suggestedActions ?? []).map((a) => a.title)) };
  }

  it('leaving → offer → Accept → on the account and in the profile → leaving again is reminded, not re-offered', async () => {
    const chat: { id?: string; token?: string } = {};
    const offer = await say(chat, 'I want to cancel my contract');
    expect(offer.text).toContain('20% off your monthly bill');
    expect(offer.actions).toEqual(['Accept', 'No thanks']);

    const accepted = await say(chat, 'Accept the offer');
    expect(accepted.text).toMatch(/20% off for 12 months is now on your account and runs until \d+ \w+ \d{4}\./);
    const record = await server.store.customers.get(customerId);
    expect(record?.retention?.offers).toEqual([{ id: 'loyalty-12m-20pct', title: '20% off for 12 months', acceptedAt: expect.any(String), expiresAt: expect.any(String), conversationId: chat.id }]);
    const applied = record!.retention!.offers[0]!;
    expect(Date.parse(applied.expiresAt) - Date.parse(applied.acceptedAt)).toBe(365 * 86_400_000);

    // The staff profile shows it (and the view is audited, as every profile view).
    const agent = DEMO_USERS.find((u) => u.role === 'agent')!;
    const login = await call(server.url, '/api/auth/login', { body: { username: agent.username, password: agent.password } });
    const profile = await call(server.url, `/api/customers/${customerId}/profile`, { headers: { authorization: `Bearer ${String(login.body.token)}` } });
    expect(profile.body.activeOffers).toEqual([applied]);
    expect((await server.store.audit.list({ customerId })).some((a) => a.action === 'customer.profile.view' && a.actor === agent.username)).toBe(true);

    // Pressing Accept again: reminded, still one offer on the record.
    expect((await say(chat, 'Accept the offer')).text).toMatch(/^You already have 20% off for 12 months on your account/);
    const again = await say(chat, 'I want to cancel');
    expect(again.text).toMatch(/^You already have 20% off for 12 months on your account, \S+, running until .* I can put you through to a person\./);
    expect(again.actions).toEqual(['Talk to a person']);
    // A new conversation knows it from the customer record, not from the conversation's history.
    const later = await say({}, 'I want to cancel my contract');
    expect(later.text).toMatch(/^You already have 20% off for 12 months/);
    expect((await server.store.customers.get(customerId))?.retention?.offers).toHaveLength(1);
    const marks = (await server.store.interactions.listByConversation(chat.id!)).flatMap((i) => (i.offer ? [`${i.offer.id} ${i.offer.status}`] : []));
    expect(marks).toEqual(['loyalty-12m-20pct offered', 'loyalty-12m-20pct accepted']);
    // The answer is recorded under the leaving intent, so intent reports do not count "Accept the offer" as anything else.
    const answer = (await server.store.interactions.listByConversation(chat.id!)).find((i) => i.sender === 'customer' && i.text === 'Accept the offer');
    expect(answer?.intent).toBe('cancel_subscription');
  });
});
