// The fault test: the app runs on MongoDB (the in-process CongoDB wire-protocol server with file storage), a customer
// talks over HTTP, the database is stopped mid-conversation and restarted on the same port with the same files.
// Every turn must be answered, and after the outbox drains every interaction sent must be in the database exactly once
// — counted with a separate MongoDB client, so the app's own view of the data proves nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';
import { accountUnavailableReply } from '../../src/reliability/degraded-store.js';
import { startCongo } from '../support/congo.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const DB = 'concierge_outage';
let storagePath = '';
let congo: CongoServer;
let port = 0;
let server: TestServer;

async function startDatabase(): Promise<void> {
  const running = await startCongo({ port, storagePath });
  congo = running.server;
  port = running.port;
}

beforeAll(async () => {
  storagePath = mkdtempSync(join(tmpdir(), 'concierge-congo-'));
  await startDatabase();
  server = await startTestServer({
    MONGODB_URI: `mongodb://127.0.0.1:${port}`,
    MONGODB_DB: DB,
    SEED_DEMO_DATA: 'false',
    STORE_TIMEOUT_MS: '1500',
    OUTBOX_RETRY_MAX_MS: '200',
  });
  const at = new Date().toISOString();
  await server.store.customers.upsertMany([{ id: 'c-outage', name: 'Olive Outage', email: 'olive@example.com', source: 'manual', createdAt: at, updatedAt: at }]);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await congo?.stop();
  rmSync(storagePath, { recursive: true, force: true });
});

interface Chat {
  id?: string;
  token?: string;
  /** Interactions this chat should have in the store: each customer message plus the replies it got. */
  expected: number;
  texts: string[];
}

async function say(chat: Chat, text: string): Promise<string[]> {
  const res = await call(server.url, '/api/web/messages', {
    body: { text, customerRef: 'olive@example.com', ...(chat.id ? { conversationId: chat.id } : {}) },
    headers: chat.token ? { 'x-conversation-token': chat.token } : {},
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  chat.id ??= String(res.body.conversationId);
  if (res.body.conversationToken) chat.token = String(res.body.conversationToken);
  const replies = res.body.replies as { text: string }[];
  expect(replies.length).toBeGreaterThan(0);
  chat.expected += 1 + replies.length;
  chat.texts.push(text);
  return replies.map((r) => r.text);
}

async function until(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('answers through a database outage and stores every interaction exactly once after it', async () => {
  const before: Chat = { expected: 0, texts: [] };
  await say(before, 'hello');
  await say(before, 'where is my order?');
  expect(server.outboxDepth()).toBe(0);

  await congo.stop();
  const during: Chat = { expected: 0, texts: [] };
  const answers = [];
  for (const text of ['what are your opening hours?', 'where is my order?', 'thanks']) answers.push(await say(before, text));
  // Degraded, not wrong: no "something went wrong", and a signed-in customer is not asked to sign in.
  expect(answers.flat().join(' ')).not.toMatch(/went wrong|sign in/i);
  expect(answers[1]?.[0]).toBe(accountUnavailableReply.text);
  // A conversation that starts while the database is down, too.
  for (const text of ['hi there', 'how do I pay?']) await say(during, text);
  expect(server.outboxDepth()).toBeGreaterThan(0);
  const ready = await call(server.url, '/readyz');
  expect(ready.status).toBe(503);
  const outboxCheck = (ready.body.checks as { name: string; detail?: { depth: number; storeUp: boolean } }[]).find((c) => c.name === 'outbox');
  expect(outboxCheck?.detail).toEqual({ depth: server.outboxDepth(), storeUp: false });
  // The customer still sees their whole conversation, the part waiting in the outbox included.
  const history = await call(server.url, `/api/web/conversations/${during.id}/messages`, { headers: { 'x-conversation-token': String(during.token) } });
  expect(history.status).toBe(200);
  expect((history.body.messages as unknown[]).length).toBe(during.expected);

  await startDatabase();
  await until(() => server.outboxDepth() === 0, 'the outbox to drain');
  await say(before, 'bye');

  const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}`);
  try {
    const interactions = client.db(DB).collection('interactions');
    for (const chat of [before, during]) {
      const stored = await interactions.find({ conversationId: chat.id }).toArray();
      expect(new Set(stored.map((d) => d.id)).size).toBe(stored.length);
      expect(stored.length).toBe(chat.expected);
      const customerTexts = stored.filter((d) => d.sender === 'customer').map((d) => d.text as string);
      expect(customerTexts.sort()).toEqual([...chat.texts].sort());
    }
    // The conversation created during the outage arrived with its token hash: the customer can carry on.
    expect(await client.db(DB).collection('conversations').countDocuments({ id: during.id, tokenHash: { $exists: true } })).toBe(1);
  } finally {
    await client.close();
  }
  await say(during, 'thank you');
  expect((await call(server.url, '/readyz')).status).toBe(200);
}, 90_000);
