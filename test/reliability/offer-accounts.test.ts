// An accepted retention offer during a store outage: kept in the durable outbox (surviving a restart of the process),
// counted as running for the customer meanwhile, and written onto their record once by the drainer when the store is
// back. When even the outbox cannot take it, accept() fails with OFFER_NOT_APPLIED instead of pretending.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { appliedOffer } from '../../src/crm/applied-offers.js';
import { silentLogger } from '../../src/logger.js';
import { reliableOfferAccounts } from '../../src/reliability/offer-accounts.js';
import { createOutboxDrainer, type OutboxDrainer } from '../../src/reliability/outbox-drainer.js';
import { FileOutbox } from '../../src/reliability/outbox.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/ports.js';
import { injectFaults } from '../support/store-faults.js';

const now = new Date('2026-11-23T12:00:00.000Z');
const offer = appliedOffer({ id: 'free-upgrade-3m', title: '3 months of a free speed upgrade', text: 'Stay?', validForDays: 92 }, 'conv-1', now);
let dataDir = '';
let raw: Store;
let outbox: FileOutbox;
let fault: Error | null = null;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-offer-outbox-'));
  raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  await raw.customers.upsertMany([{ id: 'c1', name: 'Olive', source: 'manual', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }]);
  injectFaults(raw, ['customers'], () => fault);
});

afterEach(async () => {
  fault = null;
  outbox.close();
  await raw.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function open(): { store: Store; drainer: OutboxDrainer } {
  const { store, health } = guardStore(raw, { timeoutMs: 2000, logger: silentLogger });
  outbox = FileOutbox.open(dataDir, silentLogger);
  // Drained by hand below: no timers.
  const drainer = createOutboxDrainer({ outbox, store, health, logger: silentLogger, minDelayMs: 60_000, maxDelayMs: 60_000 });
  drainer.stop();
  return { store, drainer };
}

it('applies at once when the store answers', async () => {
  const { store, drainer } = open();
  const accounts = reliableOfferAccounts({ store, outbox, drainer, logger: silentLogger, now: () => now });
  expect(await accounts.accept('c1', offer)).toBe('applied');
  expect(await accounts.accept('c1', offer)).toBe('already');
  expect(outbox.depth).toBe(0);
  expect((await raw.customers.get('c1'))?.retention?.offers).toEqual([offer]);
});

it('keeps an acceptance made during an outage in the outbox, across a restart, and applies it once when the store is back', async () => {
  let { store, drainer } = open();
  fault = new AppError('STORE_UNAVAILABLE', 'down', { status: 503 });
  let accounts = reliableOfferAccounts({ store, outbox, drainer, logger: silentLogger, now: () => now });
  expect(await accounts.accept('c1', offer)).toBe('queued');
  // Pressed again while still down: the same acceptance, not a second record.
  expect(await accounts.accept('c1', offer)).toBe('already');
  expect(outbox.depth).toBe(1);
  expect(accounts.pending('c1')).toEqual([offer]);
  expect(accounts.pending('someone-else')).toEqual([]);

  // The process stops and starts again before the store is back: the acceptance is still on disk.
  outbox.close();
  ({ store, drainer } = open());
  accounts = reliableOfferAccounts({ store, outbox, drainer, logger: silentLogger, now: () => now });
  expect(accounts.pending('c1')).toEqual([offer]);

  fault = null;
  expect(await drainer.drainOnce()).toEqual({ delivered: 1, remaining: 0 });
  expect((await raw.customers.get('c1'))?.retention?.offers).toEqual([offer]);
  expect(accounts.pending('c1')).toEqual([]);
  // Delivered twice (a crash between the write and the outbox rewrite) is still one offer on the record.
  outbox.add({ kind: 'appliedOffer', doc: { id: `${offer.id}:${offer.conversationId}`, customerId: 'c1', offer } });
  await drainer.drainOnce();
  expect((await raw.customers.get('c1'))?.retention?.offers).toHaveLength(1);
});

it('fails clearly when the store is down and the outbox cannot keep the acceptance either', async () => {
  const { store, drainer } = open();
  fault = new AppError('STORE_UNAVAILABLE', 'down', { status: 503 });
  outbox.add = () => {
    throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
  };
  const accounts = reliableOfferAccounts({ store, outbox, drainer, logger: silentLogger, now: () => now });
  await expect(accounts.accept('c1', offer)).rejects.toMatchObject({ code: 'OFFER_NOT_APPLIED', status: 503 });
});

it('passes refusals through instead of queueing them (an unknown customer is not an outage)', async () => {
  const { store, drainer } = open();
  const accounts = reliableOfferAccounts({ store, outbox, drainer, logger: silentLogger, now: () => now });
  await expect(accounts.accept('nobody', offer)).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
  expect(outbox.depth).toBe(0);
});
