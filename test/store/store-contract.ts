// The one contract every Store implementation must meet; each adapter's test file runs it. This part: the CRM data
// (customers, products, orders), the store's lifecycle, and the entry point that registers the rest.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/ports.js';
import { conversationContract } from './store-contract-conversations.js';
import { customer, fullCustomer, order, product } from './fixtures/documents.js';

export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

export function describeStoreContract(name: string, open: OpenStore, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip ?? false)(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const current = () => store;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    crmContract(current);
    conversationContract(current);

    it('answers ping and closes more than once without error', async () => {
      expect(['embedded', 'mongo']).toContain(store.kind);
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}

function crmContract(store: () => Store): void {
  it('round-trips a complete customer exactly as written', async () => {
    const full = fullCustomer('1');
    await store().customers.upsertMany([full]);
    expect(await store().customers.get('1')).toStrictEqual(full);
    expect(await store().customers.get('nope')).toBeNull();
  });

  it('upserts customers idempotently and counts inserts and updates', async () => {
    const c = store().customers;
    expect(await c.upsertMany([])).toEqual({ inserted: 0, updated: 0 });
    expect(await c.upsertMany([customer('1'), customer('2')])).toEqual({ inserted: 2, updated: 0 });
    expect(await c.upsertMany([customer('1'), customer('2')])).toEqual({ inserted: 0, updated: 2 });
    expect(await c.upsertMany([customer('1', { name: 'Renamed' }), customer('3')])).toEqual({ inserted: 1, updated: 1 });
    // A key repeated within one batch: one insert, then an update; the last version wins.
    expect(await c.upsertMany([customer('4'), customer('4', { name: 'Last' })])).toEqual({ inserted: 1, updated: 1 });
    expect(await c.count()).toBe(4);
    expect((await c.get('1'))?.name).toBe('Renamed');
    expect((await c.get('4'))?.name).toBe('Last');
    // An upsert replaces the whole document: a field left out is gone.
    await c.upsertMany([customer('2', { email: undefined })]);
    expect(await c.get('2')).toStrictEqual({ id: '2', name: 'Customer 2', source: 'demo', createdAt: customer('2').createdAt, updatedAt: customer('2').updatedAt });
    expect(await c.findByRef('c2@example.com')).toBeNull();
  });

  it('lists customers by id with skip and limit', async () => {
    await store().customers.upsertMany(['3', '1', '2'].map((id) => customer(id)));
    expect((await store().customers.list()).map((c) => c.id)).toEqual(['1', '2', '3']);
    expect((await store().customers.list({ limit: 2 })).map((c) => c.id)).toEqual(['1', '2']);
    expect((await store().customers.list({ skip: 2 })).map((c) => c.id)).toEqual(['3']);
    expect((await store().customers.list({ skip: 1, limit: 1 })).map((c) => c.id)).toEqual(['2']);
  });

  it('finds customers by id, by e-mail in any case, or by a linked channel identity', async () => {
    const c = store().customers;
    const { email: _none, ...noEmail } = customer('8');
    await c.upsertMany([customer('7', { email: 'Ann.Lee+x@Example.com' }), noEmail]);
    expect((await c.findByRef('7'))?.id).toBe('7');
    expect((await c.findByRef(' ann.lee+x@example.COM '))?.id).toBe('7');
    expect(await c.findByRef('ann.lee@example.com')).toBeNull();
    expect(await c.findByRef('.*')).toBeNull();
    expect(await c.findByRef('')).toBeNull();
    await c.linkRef('8', 'teams:aad-1');
    await c.linkRef('8', 'teams:aad-1');
    await c.linkRef('8', 'teams:aad-2');
    const linked = await c.findByRef('teams:aad-2');
    expect(linked).toStrictEqual({ ...noEmail, externalRefs: ['teams:aad-1', 'teams:aad-2'] });
  });

  it('refuses to link an unknown customer or an identity another customer holds', async () => {
    await store().customers.upsertMany([customer('1'), customer('2')]);
    await store().customers.linkRef('1', 'teams:aad-1');
    await expect(store().customers.linkRef('missing', 'teams:aad-9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store().customers.linkRef('2', 'teams:aad-1')).rejects.toMatchObject({ code: 'REF_IN_USE' });
    expect((await store().customers.findByRef('teams:aad-1'))?.id).toBe('1');
  });

  it('sets a customer\'s retention record only while updatedAt is as expected (compare-and-set), keeping the rest', async () => {
    const c = store().customers;
    await c.upsertMany([fullCustomer('1')]);
    const before = (await c.get('1'))!;
    const offer = { id: 'bill-review', title: 'a free bill review', acceptedAt: '2026-11-23T12:00:00.000Z', expiresAt: '2026-12-23T12:00:00.000Z', conversationId: 'k1' };
    const later = '2026-11-23T12:00:00.001Z';
    expect(await c.setRetention('1', { offers: [offer] }, before.updatedAt, later)).toStrictEqual({ ...before, retention: { offers: [offer] }, updatedAt: later });
    // The stale expectation no longer matches: nothing is written.
    expect(await c.setRetention('1', { offers: [] }, before.updatedAt, later)).toBeNull();
    expect(await c.setRetention('missing', { offers: [] }, before.updatedAt, later)).toBeNull();
    expect(await c.get('1')).toStrictEqual({ ...before, retention: { offers: [offer] }, updatedAt: later });
    expect((await c.findByRef(before.email!.toUpperCase()))?.id).toBe('1');
    await expect(c.setRetention('1', { offers: [{ ...offer, expiresAt: 5 as unknown as string }] }, later, later)).rejects.toMatchObject({ code: 'STORE_INVALID_DOCUMENT' });
  });

  it('refuses an invalid document and writes nothing of its batch', async () => {
    await expect(store().products.upsertMany([product('P1'), product('P2', { unitPrice: Number.NaN })])).rejects.toMatchObject({ code: 'STORE_INVALID_DOCUMENT' });
    expect(await store().products.count()).toBe(0);
  });

  it('stores products: get, getMany, list, count, idempotent upserts', async () => {
    const p = store().products;
    expect(await p.upsertMany([product('P2', { category: 'kitchen' }), product('P1')])).toEqual({ inserted: 2, updated: 0 });
    expect(await p.upsertMany([product('P1', { unitPrice: 3 })])).toEqual({ inserted: 0, updated: 1 });
    expect(await p.get('P2')).toStrictEqual(product('P2', { category: 'kitchen' }));
    expect((await p.getMany(['P2', 'P9', 'P1'])).map((x) => x.id).sort()).toEqual(['P1', 'P2']);
    expect(await p.getMany([])).toEqual([]);
    expect((await p.list({ limit: 1 })).map((x) => x.id)).toEqual(['P1']);
    expect((await p.list()).map((x) => x.unitPrice)).toEqual([3, 2.5]);
    expect(await p.count()).toBe(2);
  });

  it('stores orders and lists a customer\'s newest first', async () => {
    const o = store().orders;
    const first = order('O1', '1', '2026-01-01T00:00:00.000Z', { expectedDeliveryAt: '2026-01-03T00:00:00.000Z', deliveredAt: '2026-01-02T00:00:00.000Z' });
    await o.upsertMany([first, order('O2', '1', '2026-03-01T00:00:00.000Z'), order('O3', '2', '2026-02-01T00:00:00.000Z')]);
    expect(await o.upsertMany([first])).toEqual({ inserted: 0, updated: 1 });
    expect(await o.get('O1')).toStrictEqual(first);
    expect(await o.get('O9')).toBeNull();
    expect((await o.listByCustomer('1')).map((x) => x.id)).toEqual(['O2', 'O1']);
    expect((await o.listByCustomer('1', 1)).map((x) => x.id)).toEqual(['O2']);
    expect(await o.listByCustomer('nobody')).toEqual([]);
    expect(await o.count()).toBe(3);
  });

  it('lists every order in id order, a page at a time', async () => {
    const o = store().orders;
    await o.upsertMany([order('O3', '2', '2026-02-01T00:00:00.000Z'), order('O1', '1', '2026-01-01T00:00:00.000Z'), order('O2', '1', '2026-03-01T00:00:00.000Z')]);
    expect((await o.list()).map((x) => x.id)).toEqual(['O1', 'O2', 'O3']);
    expect((await o.list({ limit: 2 })).map((x) => x.id)).toEqual(['O1', 'O2']);
    expect((await o.list({ skip: 2, limit: 2 })).map((x) => x.id)).toEqual(['O3']);
    expect(await o.list({ skip: 3, limit: 2 })).toEqual([]);
  });
}
