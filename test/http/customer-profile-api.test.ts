// GET /api/customers/:id/profile on the real server: staff roles only, validated id, 404, audit entry per view,
// and the profile shape other parts code against (also inside the agent console context).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
const tokens = new Map<string, string>();
const bearer = (role: string) => ({ authorization: `Bearer ${tokens.get(role)}` });

beforeAll(async () => {
  server = await startTestServer();
  for (const u of DEMO_USERS) {
    const res = await call(server.url, '/api/auth/login', { body: { username: u.username, password: u.password } });
    tokens.set(u.role, String(res.body.token));
  }
});

afterAll(async () => {
  await server.stop();
});

describe('customer profile API', () => {
  it('refuses anonymous callers and web chat customers', async () => {
    const [example] = await demoCustomerExamples(server.store, 1);
    expect((await call(server.url, `/api/customers/${example!.id}/profile`)).status).toBe(401);
    const chat = await call(server.url, '/api/web/messages', { body: { text: 'hello', customerRef: example!.id } });
    const asCustomer = await call(server.url, `/api/customers/${example!.id}/profile`, { headers: { authorization: `Bearer ${String(chat.body.conversationToken)}` } });
    expect(asCustomer.status).toBe(401);
    expect(asCustomer.body).not.toHaveProperty('rfm');
  });

  it('serves agents, managers and admins the profile, and audits every view', async () => {
    const [example] = await demoCustomerExamples(server.store, 1);
    const id = example!.id;
    for (const role of ['agent', 'manager', 'admin']) {
      const res = await call(server.url, `/api/customers/${id}/profile`, { headers: bearer(role) });
      expect(res.status, role).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const p = res.body;
      expect(p).toMatchObject({ customerId: id, name: example!.name, orders: { currency: expect.any(String) }, computedAt: expect.any(String) });
      const orders = (await server.store.orders.listByCustomer(id, 1000)).filter((o) => o.status !== 'cancelled' && o.status !== 'returned');
      expect((p.orders as { count: number }).count).toBe(orders.length);
      expect((p.orders as { lifetimeValue: number }).lifetimeValue).toBeCloseTo(orders.reduce((s, o) => s + o.total, 0), 2);
      expect(p.rfm).toMatchObject({ recency: expect.any(Number), frequency: expect.any(Number), monetary: expect.any(Number), score: expect.stringMatching(/^[1-5]{3}$/), segment: expect.any(String) });
      expect(p.behaviourSegment).toMatchObject({ id: expect.any(Number), name: expect.stringMatching(/buyers/), k: expect.any(Number) });
      expect(p.churn).toMatchObject({ probability: expect.any(Number), band: expect.stringMatching(/^(low|medium|high)$/) });
      expect(((p.churn as { drivers: string[] }).drivers).length).toBeLessThanOrEqual(3);
      expect(Array.isArray(p.recentInteractions)).toBe(true);
      const recs = p.recommendations as { productId: string; name: string; reason: string }[];
      expect(recs.length).toBeGreaterThan(0);
      for (const r of recs) expect(r.reason.length).toBeGreaterThan(0);
    }
    const audit = await server.store.audit.list({ customerId: id });
    const views = audit.filter((a) => a.action === 'customer.profile.view');
    expect(views.map((a) => a.actor).sort()).toEqual(['admin', 'agent', 'manager']);
  });

  it('answers 404 for an unknown customer and 400 for a malformed id', async () => {
    expect((await call(server.url, '/api/customers/no-such-customer/profile', { headers: bearer('agent') })).status).toBe(404);
    const bad = await call(server.url, `/api/customers/${encodeURIComponent('$where')}/profile`, { headers: bearer('agent') });
    expect(bad.status).toBe(400);
    expect((await call(server.url, `/api/customers/${'x'.repeat(101)}/profile`, { headers: bearer('agent') })).status).toBe(400);
  });

  it('adds the profile to the agent console context, next to the existing fields', async () => {
    const [example] = await demoCustomerExamples(server.store, 1);
    const res = await call(server.url, `/api/agent/customers/${example!.id}/context`, { headers: bearer('agent') });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['customer', 'orders', 'churn', 'recommendations', 'interactions', 'profile']));
    expect(res.body.profile).toMatchObject({ customerId: example!.id, rfm: { segment: expect.any(String) } });
  });

  it('shows web and Teams messages in one history, and records segment and churn risk on each message', async () => {
    const [, second] = await demoCustomerExamples(server.store, 2);
    const id = second!.id;
    await call(server.url, '/api/web/messages', { body: { text: 'where is my order?', customerRef: id } });
    const now = new Date().toISOString();
    await server.store.interactions.append({ id: `teams-${Date.now()}`, conversationId: 'teams-conv', channel: 'teams', customerId: id, sender: 'customer', text: 'hello from Teams', at: now });
    const res = await call(server.url, `/api/customers/${id}/profile`, { headers: bearer('agent') });
    expect(res.body.channels).toEqual(['teams', 'webchat']);
    const recent = res.body.recentInteractions as { channel: string; text: string }[];
    expect(recent[0]).toMatchObject({ channel: 'teams', text: 'hello from Teams' });
    expect(recent.some((r) => r.channel === 'webchat' && r.text === 'where is my order?')).toBe(true);
    const [inbound] = (await server.store.interactions.listByCustomer(id, 10)).filter((i) => i.channel === 'webchat' && i.sender === 'customer');
    expect(inbound?.segment).toBe((res.body.rfm as { segment: string }).segment);
    expect(inbound?.churnRisk).toBeCloseTo((res.body.churn as { probability: number }).probability, 6);
  });
});
