// Who a web chat customer is: with the demo's sign-in switched off, only a token signed by the shop's site names the
// customer (their real orders are answered, and the conversation stays theirs); a typed-in id is refused, and a bad
// token is refused before anything is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { signCustomerIdentity } from '../../src/security/customer-identity.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const secret = 'shop-and-concierge-share-this-secret-0123';

describe('web chat with signed customer identities (demo sign-in off)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ WEBCHAT_IDENTITY_SECRET: secret, WEBCHAT_DEMO_SIGN_IN: 'false' });
  });
  afterAll(() => server.stop());

  it('tells the chat page not to offer the typed-in sign-in', async () => {
    expect((await call(server.url, '/api/web/config')).body).toEqual({ demoSignIn: false });
  });

  it('answers a signed-in customer from their own orders, also after the token is no longer sent', async () => {
    const [customer] = await demoCustomerExamples(server.store, 1);
    const [latest] = await server.store.orders.listByCustomer(customer!.id, 1);
    const first = await call(server.url, '/api/web/messages', { body: { text: 'where is my order?', customerToken: signCustomerIdentity(customer!.id, secret) } });
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body.replies)).toContain(latest!.id);
    const next = await call(server.url, '/api/web/messages', {
      body: { text: 'where is my order?', conversationId: first.body.conversationId },
      headers: { 'x-conversation-token': String(first.body.conversationToken) },
    });
    expect(next.status).toBe(200);
    expect(JSON.stringify(next.body.replies)).toContain(latest!.id);
  });

  it('refuses a typed-in customer id, a forged or expired token, and both at once, without starting a conversation', async () => {
    const [customer] = await demoCustomerExamples(server.store, 1);
    const before = (await server.store.conversations.listByState('bot', { limit: 1000 })).length;
    const typed = await call(server.url, '/api/web/messages', { body: { text: 'where is my order?', customerRef: customer!.id } });
    expect(typed.status).toBe(403);
    expect(typed.body.error).toMatchObject({ code: 'SIGN_IN_DISABLED' });
    const forged = await call(server.url, '/api/web/messages', { body: { text: 'hi', customerToken: signCustomerIdentity(customer!.id, 'not-the-shop-secret-but-long-enough-0123') } });
    expect(forged.status).toBe(401);
    expect(forged.body.error).toMatchObject({ code: 'IDENTITY_INVALID' });
    const expired = signCustomerIdentity(customer!.id, secret, { now: new Date(Date.now() - 3_600_000), lifetimeSeconds: 600 });
    expect((await call(server.url, '/api/web/messages', { body: { text: 'hi', customerToken: expired } })).body.error).toMatchObject({ code: 'IDENTITY_INVALID', message: expect.stringMatching(/expired/) });
    const both = await call(server.url, '/api/web/messages', { body: { text: 'hi', customerRef: customer!.id, customerToken: signCustomerIdentity(customer!.id, secret) } });
    expect(both.status).toBe(400);
    expect((await server.store.conversations.listByState('bot', { limit: 1000 })).length).toBe(before);
  });

  it("still chats with anonymous visitors, and asks them to sign in on the shop's site for their orders", async () => {
    const anonymous = await call(server.url, '/api/web/messages', { body: { text: 'hello' } });
    expect(anonymous.status).toBe(200);
    const orders = await call(server.url, '/api/web/messages', { body: { text: 'where is my order?' } });
    expect(orders.body.intent).toBe('order_status');
    expect(JSON.stringify(orders.body.replies)).toMatch(/on our website/);
    expect(JSON.stringify(orders.body.replies)).not.toMatch(/customer id/);
  });
});

describe('web chat without an identity secret (the demo default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('offers the typed-in sign-in and refuses tokens it cannot check', async () => {
    expect((await call(server.url, '/api/web/config')).body).toEqual({ demoSignIn: true });
    const token = signCustomerIdentity('12628', 'some-secret-nobody-configured-here-0123');
    const sent = await call(server.url, '/api/web/messages', { body: { text: 'hi', customerToken: token } });
    expect(sent.status).toBe(400);
    expect(sent.body.error).toMatchObject({ code: 'IDENTITY_NOT_ACCEPTED' });
  });

  it('asks an anonymous customer for their customer id or e-mail, which the page lets them type', async () => {
    const orders = await call(server.url, '/api/web/messages', { body: { text: 'where is my order?' } });
    expect(orders.body.intent).toBe('order_status');
    expect(JSON.stringify(orders.body.replies)).toMatch(/customer id/);
  });
});
