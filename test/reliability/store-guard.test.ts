// The store guard: a call that hangs ends with STORE_TIMEOUT, after which calls fail at once until a ping succeeds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { silentLogger } from '../../src/logger.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';

it('times a hanging call out, fails fast while down, and recovers on a successful ping', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-guard-'));
  const raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  try {
    let hang = true;
    const realCount = raw.customers.count.bind(raw.customers);
    let calls = 0;
    raw.customers.count = () => {
      calls += 1;
      return hang ? new Promise<number>(() => undefined) : realCount();
    };
    const { store, health } = guardStore(raw, { timeoutMs: 50, logger: silentLogger });
    let ups = 0;
    health.onUp(() => (ups += 1));

    await expect(store.customers.count()).rejects.toMatchObject({ code: 'STORE_TIMEOUT', status: 503 });
    expect(health.up).toBe(false);
    await expect(store.customers.count()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(calls).toBe(1); // the second call never reached the store

    // A wrong request is not an outage: it passes through and leaves the store up.
    hang = false;
    await store.ping();
    expect(health.up).toBe(true);
    expect(ups).toBe(1);
    expect(await store.customers.count()).toBe(0);
    await expect(store.conversations.create({ id: 'x', channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: 'a', lastMessageAt: 'a' })).resolves.toBeUndefined();
    await expect(store.conversations.create({ id: 'x', channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: 'a', lastMessageAt: 'a' })).rejects.toMatchObject({ code: 'DUPLICATE_ID' });
    expect(health.up).toBe(true);
  } finally {
    await raw.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('does not open the circuit for a bug, only for an outage or a file-system failure', async () => {
  const { tripsBreaker } = await import('../../src/reliability/store-guard.js');
  expect(tripsBreaker(new TypeError('x is not a function'))).toBe(false);
  expect(tripsBreaker(Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toBe(true);
  expect(tripsBreaker(new AppError('DUPLICATE_ID', 'exists', { status: 409 }))).toBe(false);
  expect(tripsBreaker(new AppError('STORE_UNAVAILABLE', 'down', { status: 503 }))).toBe(true);
});
