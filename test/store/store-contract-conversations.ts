// The store contract, second part: interactions, conversations (with compare-and-set), handoffs, users, audit and training labels.
// Registered by describeStoreContract in store-contract.ts.
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import { at, audit, conversation, fullInteraction, handoff, interaction } from './fixtures/documents.js';

export function conversationContract(store: () => Store): void {
  it('round-trips a complete interaction and appends idempotently', async () => {
    const full = fullInteraction('c1');
    await store().interactions.append(full);
    await store().interactions.append(full);
    expect(await store().interactions.listByConversation('c1')).toStrictEqual([full]);
    expect(await store().interactions.count()).toBe(1);
  });

  it('appends several interactions at once, idempotently, and mixes with single appends', async () => {
    const batch = [interaction('c1', 'customer', 'question', '1'), interaction('c1', 'bot', 'answer', '1'), interaction('c1', 'bot', 'card', '1')];
    await store().interactions.appendMany(batch);
    await store().interactions.appendMany(batch);
    await store().interactions.appendMany([batch[2]!, interaction('c1', 'customer', 'next', '1')]);
    await store().interactions.appendMany([]);
    expect((await store().interactions.listByConversation('c1')).map((i) => i.text)).toEqual(['question', 'answer', 'card', 'next']);
    expect(await store().interactions.count({ conversationId: 'c1' })).toBe(4);
  });

  it('lists a conversation oldest first, after a cursor, by sender, with a limit', async () => {
    const first = interaction('c1', 'customer', 'hello', '1');
    const second = interaction('c1', 'bot', 'hi!', '1');
    const third = interaction('c1', 'agent', 'agent here', '1');
    // Appended out of order: the id decides the order, not the arrival.
    for (const i of [third, interaction('c2', 'customer', 'other', '2'), first, second]) await store().interactions.append(i);
    const list = (query?: Parameters<Store['interactions']['listByConversation']>[1]) =>
      store().interactions.listByConversation('c1', query).then((l) => l.map((i) => i.text));
    expect(await list()).toEqual(['hello', 'hi!', 'agent here']);
    expect(await list({ after: first.id })).toEqual(['hi!', 'agent here']);
    expect(await list({ after: third.id })).toEqual([]);
    expect(await list({ senders: ['bot', 'agent'], limit: 1 })).toEqual(['hi!']);
    expect(await list({ after: first.id, senders: ['agent'] })).toEqual(['agent here']);
    expect(await list({ limit: 2 })).toEqual(['hello', 'hi!']);
    expect(await store().interactions.listByConversation('none')).toEqual([]);
  });

  it('lists a customer\'s interactions newest first across conversations and counts them', async () => {
    const i = store().interactions;
    await i.append(interaction('c1', 'customer', 'one', '1'));
    await i.append({ ...interaction('c2', 'customer', 'two', '1'), channel: 'teams' });
    await i.append(interaction('c2', 'bot', 'three', '1'));
    await i.append(interaction('c3', 'customer', 'other', '2'));
    expect((await i.listByCustomer('1')).map((x) => x.text)).toEqual(['three', 'two', 'one']);
    expect((await i.listByCustomer('1', 2)).map((x) => x.text)).toEqual(['three', 'two']);
    expect(await i.count()).toBe(4);
    expect(await i.count({ sender: 'customer' })).toBe(3);
    expect(await i.count({ conversationId: 'c2' })).toBe(2);
    expect(await i.count({ conversationId: 'c2', sender: 'customer' })).toBe(1);
    expect(await i.count({ sender: undefined })).toBe(4);
  });

  it('creates conversations once and round-trips them', async () => {
    const c = conversation('c1', { customerId: '1', tokenHash: 'ab12', reference: { conversation: { id: 'a:1' }, $type: 'x', 'dotted.key': true }, lastIntent: 'greet' });
    await store().conversations.create(c);
    expect(await store().conversations.get('c1')).toStrictEqual(c);
    await expect(store().conversations.create(conversation('c1'))).rejects.toMatchObject({ code: 'DUPLICATE_ID' });
    expect(await store().conversations.get('c1')).toStrictEqual(c);
    expect(await store().conversations.get('missing')).toBeNull();
  });

  it('updates conversations with compare-and-set', async () => {
    const cs = store().conversations;
    await cs.create(conversation('c1', { lastIntent: 'greet' }));
    expect(await cs.update('c1', { state: 'queued' }, { state: 'bot' })).toStrictEqual(conversation('c1', { lastIntent: 'greet', state: 'queued' }));
    expect(await cs.update('c1', { state: 'queued', failedTurns: 5 }, { state: 'bot' })).toBeNull();
    expect((await cs.get('c1'))?.failedTurns).toBe(0);
    expect(await cs.update('missing', { state: 'queued' })).toBeNull();
    // An expected undefined means "absent"; a patched undefined removes the field.
    expect(await cs.update('c1', { state: 'assigned', assignedAgent: 'ann' }, { state: 'queued', assignedAgent: undefined })).toMatchObject({ assignedAgent: 'ann' });
    expect(await cs.update('c1', { assignedAgent: 'bob' }, { assignedAgent: undefined })).toBeNull();
    expect(await cs.update('c1', { assignedAgent: 'bob' }, { assignedAgent: 'ann' })).toMatchObject({ assignedAgent: 'bob' });
    const back = await cs.update('c1', { state: 'bot', assignedAgent: undefined, lastIntent: undefined }, { assignedAgent: 'bob' });
    expect(back).toStrictEqual(conversation('c1', { state: 'bot' }));
    expect(await cs.update('c1', {}, { state: 'bot' })).toStrictEqual(back);
    expect(await cs.update('c1', {}, { state: 'queued' })).toBeNull();
    await expect(cs.update('c1', { state: undefined })).rejects.toMatchObject({ code: 'STORE_INVALID_DOCUMENT' });
    await expect(cs.update('c1', { failedTurns: Number.NaN })).rejects.toMatchObject({ code: 'STORE_INVALID_DOCUMENT' });
    expect(await cs.get('c1')).toStrictEqual(back);
    const reference = { serviceUrl: 'https://smba.example/', $odd: { 'a.b': 1 } };
    expect((await cs.update('c1', { reference }))?.reference).toStrictEqual(reference);
    expect(await cs.get('c1')).toMatchObject({ id: 'c1', reference });
  });

  it('lets exactly one of 20 concurrent claims win', async () => {
    await store().conversations.create(conversation('c9', { state: 'queued' }));
    const agents = Array.from({ length: 20 }, (_, i) => `agent${i}`);
    const results = await Promise.all(agents.map((agent) => store().conversations.update('c9', { state: 'assigned', assignedAgent: agent }, { state: 'queued' })));
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(await store().conversations.get('c9')).toStrictEqual(winners[0]);
  });

  it('lists conversations by state, longest waiting first, with paging', async () => {
    const cs = store().conversations;
    await cs.create(conversation('a', { state: 'queued', lastMessageAt: '2026-11-01T10:05:00.000Z' }));
    await cs.create(conversation('b', { state: 'queued', lastMessageAt: '2026-11-01T10:01:00.000Z' }));
    await cs.create(conversation('c', { state: 'bot' }));
    expect((await cs.listByState('queued')).map((c) => c.id)).toEqual(['b', 'a']);
    expect((await cs.listByState('queued', { skip: 1, limit: 1 })).map((c) => c.id)).toEqual(['a']);
    expect(await cs.listByState('closed')).toEqual([]);
  });

  it('keeps handoffs: open ones oldest first, updates, per conversation', async () => {
    const h = store().handoffs;
    const notes = [{ at, agent: 'ann', text: 'called back' }];
    await h.create(handoff('h1', 'c1', '2026-11-01T10:00:00.000Z', { customerId: '1' }));
    await h.create(handoff('h2', 'c2', '2026-11-01T09:00:00.000Z'));
    await expect(h.create(handoff('h1', 'c3', at))).rejects.toMatchObject({ code: 'DUPLICATE_ID' });
    expect(await h.get('h1')).toStrictEqual(handoff('h1', 'c1', '2026-11-01T10:00:00.000Z', { customerId: '1' }));
    expect((await h.listOpen()).map((x) => x.id)).toEqual(['h2', 'h1']);
    const ended = { claimedAt: at, agent: 'ann', endedAt: '2026-11-01T11:00:00.000Z', outcome: 'resolved', notes };
    expect(await h.update('h2', ended)).toStrictEqual(handoff('h2', 'c2', '2026-11-01T09:00:00.000Z', ended));
    expect(await h.update('missing', { outcome: 'x' })).toBeNull();
    expect((await h.listOpen()).map((x) => x.id)).toEqual(['h1']);
    expect((await h.listByConversation('c2')).map((x) => x.id)).toEqual(['h2']);
    expect(await h.listByConversation('none')).toEqual([]);
  });

  it('lists recent conversations in a state, newest first, and ended handoffs most recently ended first', async () => {
    const cs = store().conversations;
    await cs.create(conversation('r1', { state: 'bot', lastMessageAt: '2026-11-01T10:00:00.000Z' }));
    await cs.create(conversation('r2', { state: 'bot', lastMessageAt: '2026-11-01T10:20:00.000Z' }));
    await cs.create(conversation('r3', { state: 'bot', lastMessageAt: '2026-11-01T10:10:00.000Z' }));
    await cs.create(conversation('r4', { state: 'queued', lastMessageAt: '2026-11-01T10:30:00.000Z' }));
    expect((await cs.listRecent('bot', '2026-11-01T10:05:00.000Z', 10)).map((c) => c.id)).toEqual(['r2', 'r3']);
    expect((await cs.listRecent('bot', '2026-11-01T09:00:00.000Z', 1)).map((c) => c.id)).toEqual(['r2']);

    const h = store().handoffs;
    await h.create(handoff('e1', 'r1', '2026-11-01T09:00:00.000Z', { endedAt: '2026-11-01T09:30:00.000Z', outcome: 'resolved' }));
    await h.create(handoff('e2', 'r2', '2026-11-01T09:10:00.000Z', { endedAt: '2026-11-01T09:50:00.000Z', outcome: 'resolved' }));
    await h.create(handoff('e3', 'r3', '2026-11-01T09:20:00.000Z'));
    const callback = { status: 'requested' as const, contact: 'a@b.co', contactKind: 'email' as const, requestedAt: at };
    await h.create(handoff('e4', 'r4', '2026-11-01T09:25:00.000Z', { endedAt: '2026-11-01T09:40:00.000Z', callback }));
    expect((await h.listEnded(10)).map((x) => x.id)).toEqual(['e2', 'e4', 'e1']);
    expect((await h.listEnded(1)).map((x) => x.id)).toEqual(['e2']);
    expect((await h.get('e4'))?.callback).toStrictEqual(callback);
  });

  it('keeps users by username', async () => {
    const u = store().users;
    await u.upsert({ username: 'zoe', passwordHash: 'z', role: 'admin', createdAt: at, disabled: true });
    await u.upsert({ username: 'ann', passwordHash: 'x', role: 'agent', createdAt: at });
    await u.upsert({ username: 'ann', passwordHash: 'y', role: 'manager', createdAt: at });
    expect(await u.get('ann')).toStrictEqual({ username: 'ann', passwordHash: 'y', role: 'manager', createdAt: at });
    expect(await u.get('nobody')).toBeNull();
    expect((await u.list()).map((x) => x.username)).toEqual(['ann', 'zoe']);
  });

  it('keeps audit entries: newest first, by customer or actor, with a limit', async () => {
    const a = store().audit;
    const first = audit('ann', '1', { detail: { fields: ['email'], 'odd.key': { $x: 1 } } });
    const second = audit('bob', '2');
    const third = audit('ann', '2');
    for (const e of [first, second, third]) await a.append(e);
    await a.append(first);
    expect(await a.list()).toStrictEqual([third, second, first]);
    expect((await a.list({ customerId: '2' })).map((e) => e.id)).toEqual([third.id, second.id]);
    expect((await a.list({ actor: 'ann' })).map((e) => e.id)).toEqual([third.id, first.id]);
    expect((await a.list({ actor: 'ann', customerId: '2' })).map((e) => e.id)).toEqual([third.id]);
    expect((await a.list({ limit: 1 })).map((e) => e.id)).toEqual([third.id]);
  });

  it('keeps training labels: oldest first, idempotent by id, removable', async () => {
    const l = store().labels;
    const first = { id: 'l1', text: 'where is my parcel', intent: 'order_status', predictedIntent: 'fallback', interactionId: 'i1', createdBy: 'ann', createdAt: '2026-01-01T00:00:00.000Z' };
    const second = { id: 'l2', text: 'do you sell gift cards', intent: 'gift_cards', createdBy: 'bob', createdAt: '2026-01-02T00:00:00.000Z' };
    await l.add(second);
    await l.add(first);
    await l.add(first);
    expect(await l.list()).toStrictEqual([first, second]);
    expect(await l.remove('l1')).toBe(true);
    expect(await l.remove('l1')).toBe(false);
    expect((await l.list()).map((x) => x.id)).toEqual(['l2']);
  });

  it('stores the customer context and retention offer of an interaction', async () => {
    const i = store().interactions;
    const withContext = { ...interaction('ctx-1', 'customer', 'I want to leave', 'c-ctx'), segment: 'Champions', churnRisk: 0.72, offer: { id: 'loyal-10', status: 'accepted' as const } };
    await i.append(withContext);
    expect(await i.listByConversation('ctx-1')).toStrictEqual([withContext]);
  });
}
