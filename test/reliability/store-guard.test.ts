// The store guard: a call that hangs ends with STORE_TIMEOUT; when the store does not answer a ping either, calls
// fail at once until a ping succeeds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { silentLogger } from '../../src/logger.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';

it('times a hanging call out, opens the circuit when the ping hangs too, and recovers on a successful ping', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-guard-'));
  const raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  try {
    let hang = true;
    const realCount = raw.customers.count.bind(raw.customers);
    const realPing = raw.ping.bind(raw);
    let calls = 0;
    raw.customers.count = () => {
      calls += 1;
      return hang ? new Promise<number>(() => undefined) : realCount();
    };
    raw.ping = () => (hang ? new Promise<void>(() => undefined) : realPing());
    const { store, health } = guardStore(raw, { timeoutMs: 50, logger: silentLogger });
    let ups = 0;
    health.onUp(() => (ups += 1));
    const down = new Promise<void>((resolve) => health.onDown(resolve));

    await expect(store.customers.count()).rejects.toMatchObject({ code: 'STORE_TIMEOUT', status: 503 });
    await down; // the probe's ping timed out as well
    expect(health.up).toBe(false);
    await expect(store.customers.count()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(calls).toBe(1); // the second call never reached the store

    hang = false;
    await store.ping();
    expect(health.up).toBe(true);
    expect(ups).toBe(1);
    expect(await store.customers.count()).toBe(0);
    // A refused request is not an outage: it passes through and leaves the store up.
    const conversation = { id: 'x', channel: 'webchat' as const, state: 'bot' as const, failedTurns: 0, startedAt: 'a', lastMessageAt: 'a' };
    await store.conversations.create(conversation);
    await expect(store.conversations.create(conversation)).rejects.toMatchObject({ code: 'DUPLICATE_ID' });
    expect(health.up).toBe(true);
  } finally {
    await raw.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('keeps the circuit closed when one call is slow but the store answers a ping', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-guard-'));
  const raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  try {
    raw.customers.count = () => new Promise<number>(() => undefined);
    let pinged!: () => void;
    const pingDone = new Promise<void>((resolve) => (pinged = resolve));
    const realPing = raw.ping.bind(raw);
    raw.ping = () => realPing().finally(pinged);
    const { store, health } = guardStore(raw, { timeoutMs: 50, logger: silentLogger });
    await expect(store.customers.count()).rejects.toMatchObject({ code: 'STORE_TIMEOUT' });
    await pingDone;
    await new Promise((resolve) => setImmediate(resolve));
    expect(health.up).toBe(true);
    expect(await store.products.count()).toBe(0);
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
