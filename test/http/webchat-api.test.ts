import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/store/ports.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let customer: Customer;

beforeAll(async () => {
  server = await startTestServer();
  const [first] = await server.store.customers.list({ limit: 1 });
  if (!first) throw new Error('demo data was not seeded');
  customer = first;
});

afterAll(async () => {
  await server.stop();
});

async function send(text: string, extra: { conversationId?: string; token?: string; customerRef?: string } = {}) {
  return call(server.url, '/api/web/messages', {
    body: { text, ...(extra.conversationId ? { conversationId: extra.conversationId } : {}), ...(extra.customerRef ? { customerRef: extra.customerRef } : {}) },
    headers: extra.token ? { 'x-conversation-token': extra.token } : {},
  });
}

describe('web chat API', () => {
  it('starts a conversation, answers, and returns a token only the first time', async () => {
    const first = await send('hello there');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ intent: 'greeting' });
    expect(typeof first.body.conversationToken).toBe('string');
    const replies = first.body.replies as { text: string }[];
    expect(replies[0]?.text.length).toBeGreaterThan(0);

    const again = await send('thanks a lot', { conversationId: String(first.body.conversationId), token: String(first.body.conversationToken) });
    expect(again.status).toBe(200);
    expect(again.body.conversationToken).toBeUndefined();
    expect(again.body.intent).toBe('thanks');
  });

  it('refuses to continue or read a conversation without its token', async () => {
    const first = await send('hi');
    const id = String(first.body.conversationId);
    expect((await send('hi again', { conversationId: id })).status).toBe(404);
    expect((await send('hi again', { conversationId: id, token: 'guess' })).status).toBe(404);
    expect((await call(server.url, `/api/web/conversations/${id}/messages`)).status).toBe(404);
    const other = await send('hello');
    const stolen = await call(server.url, `/api/web/conversations/${id}/messages`, { headers: { 'x-conversation-token': String(other.body.conversationToken) } });
    expect(stolen.status).toBe(404);
  });

  it('answers a signed-in customer personally about their real order', async () => {
    const res = await send('where is my order?', { customerRef: customer.email ?? customer.id });
    expect(res.status).toBe(200);
    expect(res.body.intent).toBe('order_status');
    const [latest] = await server.store.orders.listByCustomer(customer.id, 10).then((orders) => orders.filter((o) => o.status !== 'cancelled'));
    const text = (res.body.replies as { text: string; card?: { title: string } }[]).map((r) => `${r.text} ${r.card?.title ?? ''}`).join(' ');
    expect(text).toContain(customer.name.split(' ')[0]);
    if (latest) expect(text).toContain(latest.id);
  });

  it('stores every message with channel, customer, intent, confidence, entities, action and latency', async () => {
    const res = await send('has order #999999 shipped yet?', { customerRef: customer.id });
    const id = String(res.body.conversationId);
    const stored = await server.store.interactions.listByConversation(id);
    const inbound = stored.find((i) => i.sender === 'customer');
    expect(inbound).toMatchObject({ channel: 'webchat', customerId: customer.id, intent: 'order_status', action: 'order_lookup' });
    expect(inbound?.confidence).toBeGreaterThan(0);
    expect(inbound?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(inbound?.entities).toContainEqual(expect.objectContaining({ type: 'orderId', value: '999999' }));
    expect(stored.filter((i) => i.sender === 'bot').length).toBeGreaterThan(0);
  });

  it('returns the history, then only what is new after the cursor', async () => {
    const first = await send('hi');
    const id = String(first.body.conversationId);
    const headers = { 'x-conversation-token': String(first.body.conversationToken) };
    const all = await call(server.url, `/api/web/conversations/${id}/messages`, { headers });
    const messages = all.body.messages as { sender: string; text: string }[];
    expect(messages.map((m) => m.sender)).toEqual(['customer', ...messages.slice(1).map(() => 'bot')]);
    expect(messages[0]?.text).toBe('hi');
    const after = await call(server.url, `/api/web/conversations/${id}/messages?after=${String(first.body.cursor)}`, { headers });
    expect(after.body.messages).toEqual([]);
  });

  it('queues the conversation for a person when asked, with a reference', async () => {
    const res = await send('I want to talk to a real person', { customerRef: customer.id });
    expect(res.body.intent).toBe('human_agent');
    const conversation = await server.store.conversations.get(String(res.body.conversationId));
    expect(conversation?.state).toBe('queued');
    const [handoff] = await server.store.handoffs.listByConversation(String(res.body.conversationId));
    expect(handoff).toMatchObject({ trigger: 'customer_request', customerId: customer.id });
  });

  it('rejects bad input with clear errors', async () => {
    const malformed = await call(server.url, '/api/web/messages', { rawBody: '{"text": "hi"' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'MALFORMED_JSON' } });

    const injection = await call(server.url, '/api/web/messages', { body: { text: { $gt: '' } } });
    expect(injection.status).toBe(400);
    expect(injection.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'body.text' })] } });

    const tooLong = await send('x'.repeat(2001));
    expect(tooLong.status).toBe(400);

    const huge = await call(server.url, '/api/web/messages', { rawBody: JSON.stringify({ text: 'y'.repeat(200_000) }) });
    expect(huge.status).toBe(413);

    const weird = await send('🙂🙂🙂');
    expect(weird.status).toBe(200);
    const empty = await send('   ');
    expect(empty.status).toBe(200);
  });
});

describe('health and pages', () => {
  it('reports liveness and readiness', async () => {
    expect((await call(server.url, '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await call(server.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready');
  });

  it('serves the chat page with security headers', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await call(server.url, '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
