// Accepted retention offers on the customer record, against the real embedded store: written once however often the
// acceptance arrives, racing acceptances of different offers both kept, expiry from the rule's validForDays.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeOffers, applyOfferToAccount, appliedOffer } from '../../src/crm/applied-offers.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { AppliedOffer, Store } from '../../src/store/ports.js';

const now = new Date('2026-11-23T12:00:00.000Z');
const rule = { id: 'loyalty-12m-20pct', title: '20% off for 12 months', text: 'Stay?', validForDays: 365 };
let dataDir = '';
let store: Store;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-offers-'));
  store = await createEmbeddedStore({ dataDir, logger: silentLogger });
  await store.customers.upsertMany([{ id: 'c1', name: 'Ann Example', email: 'ann@example.com', source: 'manual', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }]);
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('applied offers', () => {
  it('runs from acceptance for validForDays', () => {
    expect(appliedOffer(rule, 'conv-1', now)).toEqual({ id: 'loyalty-12m-20pct', title: '20% off for 12 months', acceptedAt: '2026-11-23T12:00:00.000Z', expiresAt: '2027-11-23T12:00:00.000Z', conversationId: 'conv-1' });
  });

  it('counts only offers running now, soonest to expire first', () => {
    const offer = (id: string, acceptedAt: string, expiresAt: string): AppliedOffer => ({ id, title: id, acceptedAt, expiresAt, conversationId: 'k' });
    const offers = [offer('long', '2026-11-01T00:00:00Z', '2027-11-01T00:00:00Z'), offer('expired', '2026-01-01T00:00:00Z', '2026-11-23T12:00:00.000Z'), offer('short', '2026-11-20T00:00:00Z', '2026-12-20T00:00:00Z')];
    expect(activeOffers(offers, now).map((o) => o.id)).toEqual(['short', 'long']);
  });

  it('writes the offer onto the customer once, keeping the rest of the record', async () => {
    const offer = appliedOffer(rule, 'conv-1', now);
    expect(await applyOfferToAccount(store, 'c1', offer, now)).toBe('applied');
    expect(await applyOfferToAccount(store, 'c1', offer, now)).toBe('already');
    // A retry a minute later is the same acceptance (same offer, same conversation).
    expect(await applyOfferToAccount(store, 'c1', appliedOffer(rule, 'conv-1', new Date(now.getTime() + 60_000)), now)).toBe('already');
    const customer = await store.customers.get('c1');
    expect(customer?.retention?.offers).toEqual([offer]);
    expect(customer).toMatchObject({ name: 'Ann Example', email: 'ann@example.com', updatedAt: now.toISOString() });
    expect(await store.customers.findByRef('ANN@example.com')).toMatchObject({ id: 'c1' });
  });

  it('keeps both of two acceptances that race each other, and one of two identical ones', async () => {
    const a = appliedOffer(rule, 'conv-1', now);
    const b = appliedOffer({ ...rule, id: 'bill-review', validForDays: 30 }, 'conv-2', now);
    const outcomes = await Promise.all([applyOfferToAccount(store, 'c1', a, now), applyOfferToAccount(store, 'c1', b, now), applyOfferToAccount(store, 'c1', a, now)]);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(2);
    const offers = (await store.customers.get('c1'))?.retention?.offers ?? [];
    expect(offers.map((o) => o.id).sort()).toEqual(['bill-review', 'loyalty-12m-20pct']);
  });

  it('refuses an unknown customer and gives up on a record that keeps changing', async () => {
    const offer = appliedOffer(rule, 'conv-1', now);
    await expect(applyOfferToAccount(store, 'nobody', offer, now)).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    const busy: Store = { ...store, customers: { ...store.customers, setRetention: async () => null } };
    await expect(applyOfferToAccount(busy, 'c1', offer, now)).rejects.toMatchObject({ code: 'OFFER_APPLY_CONFLICT' });
  });
});
