// The audit trail on the real server: staff views and changes are recorded with actor, action and customer (never
// message text), and only admins read them back through GET /api/audit with filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Customer } from '../../src/store/ports.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let customer: Customer;
const tokens = new Map<string, string>();
const SECRET_TEXT = 'my card is 4111 1111 1111 1111';

const as = (role: string) => ({ authorization: `Bearer ${tokens.get(role)}` });

beforeAll(async () => {
  server = await startTestServer();
  for (const user of DEMO_USERS) {
    const res = await call(server.url, '/api/auth/login', { body: { username: user.username, password: user.password } });
    tokens.set(user.role, String(res.body.token));
  }
  const [first] = await server.store.customers.list({ limit: 1 });
  if (!first) throw new Error('demo data was not seeded');
  customer = first;
});

afterAll(async () => {
  await server.stop();
});

async function auditFor(query: string, role = 'admin') {
  const res = await call(server.url, `/api/audit${query}`, { headers: as(role) });
  return { status: res.status, entries: (res.body.entries ?? []) as AuditEntry[], body: res.body };
}

describe('audit trail', () => {
  it('records who viewed and changed which customer, without message text', async () => {
    const chat = await call(server.url, '/api/web/messages', { body: { text: 'I want to talk to a real person', customerRef: customer.id } });
    const id = String(chat.body.conversationId);
    const agent = as('agent');
    expect((await call(server.url, `/api/agent/customers/${customer.id}/context`, { headers: agent })).status).toBe(200);
    expect((await call(server.url, `/api/agent/conversations/${id}`, { headers: agent })).status).toBe(200);
    expect((await call(server.url, `/api/agent/conversations/${id}/claim`, { headers: agent, body: {} })).status).toBe(200);
    expect((await call(server.url, `/api/agent/conversations/${id}/messages`, { headers: agent, body: { text: SECRET_TEXT } })).status).toBe(201);
    expect((await call(server.url, `/api/agent/conversations/${id}/release`, { headers: agent, body: {} })).status).toBe(200);
    // A refused action is not recorded as done.
    expect((await call(server.url, `/api/agent/conversations/${id}/close`, { headers: agent, body: { outcome: 'resolved' } })).status).toBe(409);

    const { status, entries } = await auditFor(`?customerId=${customer.id}&actor=agent`);
    expect(status).toBe(200);
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'customer.context.viewed',
      'conversation.transcript.viewed',
      'handoff.claimed',
      'handoff.message.sent',
      'handoff.released',
    ]);
    for (const entry of entries) expect(entry).toMatchObject({ actor: 'agent', customerId: customer.id });
    expect(entries.find((e) => e.action === 'handoff.message.sent')?.detail).toEqual({ conversationId: id, chars: SECRET_TEXT.length });
    expect(JSON.stringify(entries)).not.toContain('4111');
  });

  it('filters by actor and limits the count; reading the trail is itself recorded', async () => {
    const limited = await auditFor('?actor=agent&limit=2');
    expect(limited.entries).toHaveLength(2);
    expect(limited.entries.every((e) => e.actor === 'agent')).toBe(true);
    const own = await auditFor('?actor=admin');
    expect(own.entries.some((e) => e.action === 'audit.viewed')).toBe(true);
  });

  it('is for admins only and validates its query', async () => {
    expect((await auditFor('', 'manager')).status).toBe(403);
    expect((await auditFor('', 'agent')).status).toBe(403);
    expect((await call(server.url, '/api/audit')).status).toBe(401);
    for (const bad of ['?limit=abc', '?limit=0', '?limit=100000', '?customerId[$gt]=', '?customerId=a&customerId=b', '?unknown=1']) {
      const res = await auditFor(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
  });
});
