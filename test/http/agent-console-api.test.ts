// The agent console's extra endpoints on the real server: customer context for the panel, "my conversations", and
// the Server-Sent Events stream (first event on connect, another when the queue changes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let token: string;
const demoAgent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;
const bearer = () => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  server = await startTestServer();
  const res = await call(server.url, '/api/auth/login', { body: { username: demoAgent.username, password: demoAgent.password } });
  token = String(res.body.token);
});

afterAll(async () => {
  await server.stop();
});

/** Reads named SSE events one at a time from a streaming response. */
function eventReader(response: Response): () => Promise<{ event: string; data: unknown; id?: string }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async () => {
    for (;;) {
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        const id = /^id: (.*)$/m.exec(block)?.[1];
        if (event && data) return { event, data: JSON.parse(data) as unknown, ...(id ? { id } : {}) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
}

describe('agent console API', () => {
  it('refuses the context and the event stream without a session', async () => {
    expect((await call(server.url, '/api/agent/customers/x/context')).status).toBe(401);
    expect((await fetch(`${server.url}/api/agent/events`)).status).toBe(401);
  });

  it('returns a customer context without internal fields, and 404 for an unknown id', async () => {
    const [example] = await demoCustomerExamples(server.store, 1);
    const res = await call(server.url, `/api/agent/customers/${example!.id}/context`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ id: example!.id, name: example!.name });
    expect(res.body.customer).not.toHaveProperty('externalRefs');
    expect(Array.isArray(res.body.orders)).toBe(true);
    expect((res.body.orders as unknown[]).length).toBeGreaterThan(0);
    expect(Array.isArray(res.body.recommendations)).toBe(true);
    expect(Array.isArray(res.body.interactions)).toBe(true);
    expect(res.body).toHaveProperty('churn');
    expect((await call(server.url, '/api/agent/customers/nobody-here/context', { headers: bearer() })).status).toBe(404);
  });

  it('streams a queue event on connect and another when a customer asks for a person', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/agent/events`, { headers: bearer(), signal: controller.signal });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const next = eventReader(response);
      // The first event is sent at once; the next one only after the queue changed.
      const first = await next();
      expect(first.event).toBe('queue');
      expect(first.data).toMatchObject({ queue: [], mine: [] });
      const asked = await call(server.url, '/api/web/messages', { body: { text: 'I want to talk to a person' } });
      expect(asked.status).toBe(200);
      // Pushed from the event bus: first the conversation event, then the new snapshot.
      const told = await next();
      expect(told).toMatchObject({ event: 'conversation', data: { conversationId: asked.body.conversationId, type: 'queued' } });
      const second = await next();
      expect(second.event).toBe('queue');
      expect(second.id).toBe(told.id);
      const last = second.data as { queue: { conversationId: string }[]; mine: unknown[] };
      expect(last.queue.map((q) => q.conversationId)).toContain(String(asked.body.conversationId));
      expect(last.mine).toEqual([]);
    } finally {
      controller.abort();
    }
  });

  it('answers an unknown Last-Event-ID with a resync event, then a fresh snapshot', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/agent/events`, { headers: { ...bearer(), 'last-event-id': 'from-another-process-7' }, signal: controller.signal });
    try {
      const next = eventReader(response);
      expect((await next()).event).toBe('resync');
      expect((await next()).event).toBe('queue');
    } finally {
      controller.abort();
    }
  });

  it('lists the conversations the agent holds', async () => {
    const asked = await call(server.url, '/api/web/messages', { body: { text: 'I want to talk to a person' } });
    const id = String(asked.body.conversationId);
    expect((await call(server.url, `/api/agent/conversations/${id}/claim`, { headers: bearer(), body: {} })).status).toBe(200);
    const mine = await call(server.url, '/api/agent/mine', { headers: bearer() });
    expect((mine.body.conversations as { conversationId: string }[]).map((c) => c.conversationId)).toContain(id);
  });
});
