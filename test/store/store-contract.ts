// The one contract every Store implementation must meet; each adapter's test file runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/store/ids.js';
import type { Conversation, Customer, Interaction, Order, Store } from '../../src/store/ports.js';

const at = '2026-11-01T10:00:00.000Z';

export function customer(id: string, extra: Partial<Customer> = {}): Customer {
  return { id, name: `Customer ${id}`, email: `c${id}@example.com`, source: 'demo', createdAt: at, updatedAt: at, ...extra };
}

function order(id: string, customerId: string, placedAt: string): Order {
  return { id, customerId, placedAt, status: 'delivered', currency: 'GBP', total: 10, lines: [{ productId: 'P1', description: 'MUG', quantity: 2, unitPrice: 5 }] };
}

function conversation(id: string): Conversation {
  return { id, channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: at, lastMessageAt: at };
}

export function interaction(conversationId: string, sender: Interaction['sender'], text: string, customerId?: string): Interaction {
  return { id: newId(), conversationId, channel: 'webchat', sender, text, at, ...(customerId ? { customerId } : {}) };
}

export function describeStoreContract(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('round-trips customers and upserts idempotently', async () => {
      const a = customer('1', { subscription: { tenureMonths: 3, contract: 'Month-to-month', monthlyCharges: 20.5, churned: false } });
      expect(await store.customers.upsertMany([a, customer('2')])).toEqual({ inserted: 2, updated: 0 });
      expect(await store.customers.upsertMany([{ ...a, name: 'Renamed' }, customer('3')])).toEqual({ inserted: 1, updated: 1 });
      expect(await store.customers.count()).toBe(3);
      expect(await store.customers.get('1')).toEqual({ ...a, name: 'Renamed' });
      expect(await store.customers.get('nope')).toBeNull();
      expect((await store.customers.list({ limit: 2 })).map((c) => c.id)).toEqual(['1', '2']);
      expect((await store.customers.list({ skip: 2 })).map((c) => c.id)).toEqual(['3']);
    });

    it('finds customers by id, e-mail (any case) or linked channel identity', async () => {
      await store.customers.upsertMany([customer('7', { email: 'Ann.Lee+x@Example.com' })]);
      expect((await store.customers.findByRef('7'))?.id).toBe('7');
      expect((await store.customers.findByRef(' ann.lee+x@example.COM '))?.id).toBe('7');
      expect(await store.customers.findByRef('ann.lee@example.com')).toBeNull();
      expect(await store.customers.findByRef('.*')).toBeNull();
      await store.customers.linkRef('7', 'teams:aad-1');
      await store.customers.linkRef('7', 'teams:aad-1');
      expect((await store.customers.findByRef('teams:aad-1'))?.externalRefs).toEqual(['teams:aad-1']);
    });

    it('stores products and orders, newest order first', async () => {
      await store.products.upsertMany([{ id: 'P1', name: 'Mug', description: 'MUG', unitPrice: 5 }, { id: 'P2', name: 'Cup', description: 'CUP', unitPrice: 3 }]);
      expect((await store.products.getMany(['P2', 'P9'])).map((p) => p.id)).toEqual(['P2']);
      expect(await store.products.count()).toBe(2);
      await store.orders.upsertMany([order('O1', '1', '2026-01-01T00:00:00Z'), order('O2', '1', '2026-03-01T00:00:00Z'), order('O3', '2', '2026-02-01T00:00:00Z')]);
      expect(await store.orders.upsertMany([order('O1', '1', '2026-01-01T00:00:00Z')])).toEqual({ inserted: 0, updated: 1 });
      expect((await store.orders.listByCustomer('1')).map((o) => o.id)).toEqual(['O2', 'O1']);
      expect((await store.orders.listByCustomer('1', 1)).map((o) => o.id)).toEqual(['O2']);
      expect((await store.orders.get('O3'))?.lines[0]?.description).toBe('MUG');
      expect(await store.orders.count()).toBe(3);
    });

    it('appends interactions idempotently and reads them after a cursor', async () => {
      const first = interaction('c1', 'customer', 'hello', '1');
      const second = interaction('c1', 'bot', 'hi!', '1');
      const third = interaction('c1', 'agent', 'agent here', '1');
      for (const i of [first, second, third, interaction('c2', 'customer', 'other', '2')]) await store.interactions.append(i);
      await store.interactions.append(first);
      expect((await store.interactions.listByConversation('c1')).map((i) => i.text)).toEqual(['hello', 'hi!', 'agent here']);
      expect((await store.interactions.listByConversation('c1', { after: first.id })).map((i) => i.text)).toEqual(['hi!', 'agent here']);
      expect((await store.interactions.listByConversation('c1', { senders: ['bot', 'agent'], limit: 1 })).map((i) => i.text)).toEqual(['hi!']);
      expect((await store.interactions.listByCustomer('1', 2)).map((i) => i.text)).toEqual(['agent here', 'hi!']);
      expect(await store.interactions.count()).toBe(4);
      expect(await store.interactions.count({ sender: 'customer' })).toBe(2);
      expect(await store.interactions.count({ conversationId: 'c1', sender: 'customer' })).toBe(1);
      expect(await store.interactions.listByConversation('c1').then((l) => l[0])).toEqual(first);
    });

    it('updates conversations with compare-and-set', async () => {
      await store.conversations.create(conversation('c1'));
      await expect(store.conversations.create(conversation('c1'))).rejects.toThrow();
      expect(await store.conversations.update('c1', { state: 'queued' }, { state: 'bot' })).toMatchObject({ id: 'c1', state: 'queued' });
      expect(await store.conversations.update('c1', { state: 'queued' }, { state: 'bot' })).toBeNull();
      expect(await store.conversations.update('missing', { state: 'queued' })).toBeNull();
      expect((await store.conversations.listByState('queued')).map((c) => c.id)).toEqual(['c1']);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      await store.conversations.create({ ...conversation('c9'), state: 'queued' });
      const agents = Array.from({ length: 20 }, (_, i) => `agent${i}`);
      const results = await Promise.all(agents.map((a) => store.conversations.update('c9', { state: 'assigned', assignedAgent: a }, { state: 'queued' })));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await store.conversations.get('c9'))?.assignedAgent).toBe(winners[0]?.assignedAgent);
    });

    it('keeps handoffs, users and audit entries', async () => {
      await store.handoffs.create({ id: 'h1', conversationId: 'c1', trigger: 'customer_request', reason: 'asked', priority: 1, requestedAt: '2026-11-01T10:00:00Z' });
      await store.handoffs.create({ id: 'h2', conversationId: 'c2', trigger: 'fallback', reason: 'twice', priority: 2, requestedAt: '2026-11-01T09:00:00Z' });
      expect((await store.handoffs.listOpen()).map((h) => h.id)).toEqual(['h2', 'h1']);
      expect(await store.handoffs.update('h2', { endedAt: '2026-11-01T11:00:00Z', outcome: 'resolved' })).toMatchObject({ id: 'h2', outcome: 'resolved' });
      expect((await store.handoffs.listOpen()).map((h) => h.id)).toEqual(['h1']);
      expect((await store.handoffs.listByConversation('c1')).map((h) => h.id)).toEqual(['h1']);

      await store.users.upsert({ username: 'ann', passwordHash: 'x', role: 'agent', createdAt: at });
      await store.users.upsert({ username: 'ann', passwordHash: 'y', role: 'manager', createdAt: at });
      expect(await store.users.get('ann')).toEqual({ username: 'ann', passwordHash: 'y', role: 'manager', createdAt: at });
      expect(await store.users.list()).toHaveLength(1);

      await store.audit.append({ id: newId(), at, actor: 'ann', action: 'customer.view', customerId: '1' });
      await store.audit.append({ id: newId(), at, actor: 'bob', action: 'customer.view', customerId: '2' });
      expect((await store.audit.list({ customerId: '1' })).map((e) => e.actor)).toEqual(['ann']);
      expect((await store.audit.list({ actor: 'bob' })).map((e) => e.customerId)).toEqual(['2']);
      await store.ping();
    });
  });
}
