// The load test in its short form: a few concurrent web-chat customers over HTTP, then every acknowledged message
// must be in the store exactly once and no request may fail with a 5xx. No timing thresholds (see bench:load).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStored, runLoad } from '../bench/load-driver.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_IP_PER_MIN: '0', RATE_LIMIT_PER_CONVERSATION_PER_MIN: '0' });
});

afterAll(async () => {
  await server.stop();
});

describe('load (short form)', () => {
  it('stores every acknowledged message exactly once under concurrent customers, without a 5xx', async () => {
    const refs = (await server.store.customers.list({ limit: 4 })).map((c) => c.id);
    const result = await runLoad({ url: server.url, concurrency: 8, turnsPerConversation: 5, maxTurns: 120, maxMs: 60_000, customerRefs: refs });
    expect(result.turns).toBe(120);
    expect(Object.keys(result.statuses).filter((s) => Number(s) >= 500 || s === '0')).toEqual([]);
    expect(result.ok).toBe(120);
    const check = await checkStored(server.store, result.conversations);
    expect(check).toEqual({ stored: 120, acknowledged: 120, lost: 0, duplicated: 0 });
  }, 90_000);
});
