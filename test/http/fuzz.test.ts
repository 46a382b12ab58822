// Fuzz: a few thousand seeded bad requests against the real server, with valid messages mixed in. Every bad request
// must be refused with a 4xx JSON error carrying a code (never a 5xx, never a hang); afterwards the server still
// answers and every valid message was stored exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../support/test-server.js';
import { badRequest, Fuzz, seededRandom, send, type RawRequest } from './fuzz-requests.js';

const SEED = 20261123;
const BAD_REQUESTS = 2500;
const VALID_EVERY = 20;
const CONCURRENCY = 8;

/** What customers legitimately send: the texts the pipeline must survive. */
const VALID_TEXTS = ['🙂🙂🙂', 'где мой заказ?', '我的订单在哪里', 'مرحبا، أين طلبي؟', 'bell\u0007 and escape\u001b[31m', 'lone \ud800 surrogate', 'tabs\tand\r\nnewlines', 'where is my order #123456'];

interface Conversation {
  id: string;
  token: string;
  sent: string[];
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_IP_PER_MIN: '0', RATE_LIMIT_PER_CONVERSATION_PER_MIN: '0', SEED_DEMO_DATA: 'false' });
});

afterAll(async () => {
  await server.stop();
});

async function startConversation(): Promise<Conversation> {
  const res = await call(server.url, '/api/web/messages', { body: { text: 'hello [v-start]' } });
  if (res.status !== 200) throw new Error(`could not start a conversation: ${res.status}`);
  return { id: String(res.body.conversationId), token: String(res.body.conversationToken), sent: ['[v-start]'] };
}

function validMessage(f: Fuzz, conversation: Conversation, n: number): RawRequest {
  const marker = `[v${n}]`;
  const base = n % 25 === 0 ? 'x'.repeat(2000 - marker.length - 1) : f.pick(VALID_TEXTS);
  conversation.sent.push(marker);
  return {
    method: 'POST',
    path: '/api/web/messages',
    headers: { 'content-type': 'application/json', 'x-conversation-token': conversation.token },
    body: JSON.stringify({ conversationId: conversation.id, text: `${base} ${marker}` }),
  };
}

describe('fuzz: bad requests against the real server', () => {
  it(`refuses ${BAD_REQUESTS} generated bad requests with 4xx JSON errors and loses no valid message`, async () => {
    const f = new Fuzz(seededRandom(SEED));
    const conversations = [await startConversation(), await startConversation(), await startConversation()];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let validSent = 0;

    const jobs: (() => Promise<void>)[] = [];
    for (let i = 0; i < BAD_REQUESTS; i++) {
      const request = badRequest(f, { conversationId: f.pick(conversations).id });
      jobs.push(async () => {
        const res = await send(server.url, request);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        let code: unknown;
        try {
          code = (JSON.parse(res.text) as { error?: { code?: unknown } }).error?.code;
        } catch {
          code = undefined;
        }
        if (res.status < 400 || res.status >= 500 || !res.contentType.includes('application/json') || typeof code !== 'string') {
          failures.push(`${request.method} ${request.path.slice(0, 80)} → ${res.status} ${res.text.slice(0, 120)}`);
        }
      });
      if (i % VALID_EVERY === 0) {
        const valid = validMessage(f, f.pick(conversations), validSent++);
        jobs.push(async () => {
          const res = await send(server.url, valid);
          if (res.status !== 200) failures.push(`valid message refused: ${res.status} ${res.text.slice(0, 160)}`);
        });
      }
    }
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }));

    expect(failures.slice(0, 10)).toEqual([]);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);

    // Still answering, and every valid message is stored exactly once, in the conversation it was sent to.
    expect((await call(server.url, '/healthz')).status).toBe(200);
    expect((await call(server.url, '/api/web/messages', { body: { text: 'still there?' } })).status).toBe(200);
    for (const conversation of conversations) {
      const stored = (await server.store.interactions.listByConversation(conversation.id, { limit: 10_000 })).filter((i) => i.sender === 'customer');
      expect(stored).toHaveLength(conversation.sent.length);
      for (const marker of conversation.sent) expect(stored.filter((i) => i.text.endsWith(marker)).map((i) => i.id)).toHaveLength(1);
      expect(stored.some((i) => i.text.startsWith('stolen'))).toBe(false);
      // What was stored is clean: well-formed Unicode, no control characters.
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      for (const i of stored) expect(i.text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]|[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(validSent).toBeGreaterThan(100);
  }, 60_000);
});
