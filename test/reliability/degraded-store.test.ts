// The turn's view of the store during an outage: reads answer "nothing known", conversation updates land in the
// in-process cache (compare-and-set still checked against it), and refusals are not mistaken for outages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { silentLogger } from '../../src/logger.js';
import { degradedTurnStore } from '../../src/reliability/degraded-store.js';
import { createOutboxDrainer } from '../../src/reliability/outbox-drainer.js';
import { FileOutbox } from '../../src/reliability/outbox.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/ports.js';
import { injectFaults } from '../support/store-faults.js';

let dataDir = '';
let raw: Store;
let outbox: FileOutbox;
let fault: Error | null = null;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-degraded-'));
  raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  injectFaults(raw, ['customers', 'conversations'], () => fault);
});

afterEach(async () => {
  fault = null;
  outbox.close();
  await raw.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function turnStore(): Store {
  const { store, health } = guardStore(raw, { timeoutMs: 2000, logger: silentLogger });
  outbox = FileOutbox.open(dataDir, silentLogger);
  const drainer = createOutboxDrainer({ outbox, store, health, logger: silentLogger, minDelayMs: 60_000, maxDelayMs: 60_000 });
  drainer.stop();
  return degradedTurnStore({ store, outbox, drainer, logger: silentLogger });
}

it('keeps conversation updates in memory during an outage and still honours compare-and-set', async () => {
  const store = turnStore();
  const at = new Date().toISOString();
  await store.conversations.create({ id: 'c1', channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: at, lastMessageAt: at });
  fault = Object.assign(new Error('EIO: injected'), { code: 'EIO' });
  expect(await store.customers.findByRef('someone@example.com')).toBeNull();
  expect(await store.conversations.update('c1', { failedTurns: 1 })).toMatchObject({ id: 'c1', failedTurns: 1 });
  expect(await store.conversations.update('c1', { state: 'bot' }, { state: 'closed' })).toBeNull();
  expect(await store.conversations.get('c1')).toMatchObject({ failedTurns: 1, state: 'bot' });
  expect(await store.conversations.get('never-seen')).toBeNull();
});

it('lets answers that are not outages through (a refused request is not a missing store)', async () => {
  const store = turnStore();
  fault = new AppError('REF_IN_USE', 'This identity is linked to another customer', { status: 409 });
  await expect(store.customers.findByRef('someone@example.com')).rejects.toMatchObject({ code: 'REF_IN_USE' });
  expect(outbox.depth).toBe(0);
});
