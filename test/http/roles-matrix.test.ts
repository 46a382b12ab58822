// Every role × every endpoint → the expected status, in one table. Adding a route is one line in ROUTES.
// Customers hold a web chat conversation token; staff sign in. A customer's token opens their own conversation only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const WHO = ['anonymous', 'customer', 'agent', 'manager', 'admin'] as const;
type Who = (typeof WHO)[number];
type Expected = Record<Who, number>;

/** Access profiles: who gets what. */
const PUBLIC = (status: number): Expected => ({ anonymous: status, customer: status, agent: status, manager: status, admin: status });
const STAFF = (status: number): Expected => ({ anonymous: 401, customer: 401, agent: status, manager: status, admin: status });
const MANAGERS = (status: number): Expected => ({ anonymous: 401, customer: 401, agent: 403, manager: status, admin: status });
const ADMINS = (status: number): Expected => ({ anonymous: 401, customer: 401, agent: 403, manager: 403, admin: status });
/** Customer API: only the conversation's own token opens it; a staff sign-in does not (404, like a wrong token). */
const OWN_CONVERSATION = (status: number): Expected => ({ anonymous: 404, customer: status, agent: 404, manager: 404, admin: 404 });

/** What a row may need: the customer's conversation, another customer's, a fresh handoff, a seeded customer. */
interface Fixture {
  own: string;
  other: string;
  customerId: string;
  /** A fresh conversation waiting in the queue. */
  queued(): Promise<string>;
  /** A fresh conversation claimed by this role's account (by the demo agent for non-staff). */
  held(): Promise<string>;
  /** A fresh conversation the bot is handling (for the monitor's take-over). */
  live(): Promise<string>;
  /** A fresh training label, made by the demo manager. */
  label(): Promise<string>;
}

type Route = [method: 'GET' | 'POST' | 'DELETE', path: (f: Fixture) => string | Promise<string>, expected: Expected, body?: unknown];

const ROUTES: Route[] = [
  ['GET', () => '/healthz', PUBLIC(200)],
  ['GET', () => '/readyz', PUBLIC(200)],
  ['POST', () => '/api/auth/logout', PUBLIC(204)],
  ['GET', () => '/api/auth/me', STAFF(200)],
  ['GET', () => '/api/web/config', PUBLIC(200)],
  ['POST', () => '/api/web/messages', PUBLIC(200), { text: 'hello' }],
  ['POST', (f) => `/api/web/messages#${f.own}`, OWN_CONVERSATION(200), 'own-conversation-message'],
  ['GET', (f) => `/api/web/conversations/${f.own}/messages`, OWN_CONVERSATION(200)],
  ['GET', (f) => `/api/web/conversations/${f.other}/messages`, OWN_CONVERSATION(404)],
  ['GET', () => '/api/agent/queue', STAFF(200)],
  ['GET', () => '/api/agent/mine', STAFF(200)],
  ['GET', () => '/api/agent/events', STAFF(200)],
  ['GET', (f) => `/api/agent/customers/${f.customerId}/context`, STAFF(200)],
  ['GET', () => '/api/agent/customers/no-such-customer/context', STAFF(404)],
  ['GET', (f) => `/api/agent/conversations/${f.own}`, STAFF(200)],
  ['GET', () => '/api/agent/conversations/no-such-conversation', STAFF(404)],
  ['POST', async (f) => `/api/agent/conversations/${await f.queued()}/claim`, STAFF(200), {}],
  ['POST', async (f) => `/api/agent/conversations/${await f.queued()}/cancel`, STAFF(200), {}],
  ['POST', async (f) => `/api/agent/conversations/${await f.held()}/messages`, STAFF(201), { text: 'Hello, I can help.' }],
  ['POST', async (f) => `/api/agent/conversations/${await f.held()}/release`, STAFF(200), {}],
  ['POST', async (f) => `/api/agent/conversations/${await f.held()}/close`, STAFF(200), { outcome: 'resolved' }],
  ['GET', () => '/api/audit', ADMINS(200)],
  ['GET', (f) => `/api/audit?customerId=${f.customerId}&limit=5`, ADMINS(200)],
  ['GET', () => '/api/agent/monitor', STAFF(200)],
  ['POST', async (f) => `/api/agent/conversations/${await f.live()}/pick`, STAFF(200), {}],
  ['GET', (f) => `/api/agent/conversations/${f.own}/suggestions`, STAFF(200)],
  ['POST', async (f) => `/api/agent/conversations/${await f.held()}/notes`, STAFF(201), { text: 'Asked about a refund.' }],
  ['GET', () => '/api/agent/callbacks', STAFF(200)],
  ['GET', (f) => `/api/customers/${f.customerId}/profile`, STAFF(200)],
  ['GET', () => '/api/customers/no-such-customer/profile', STAFF(404)],
  ['POST', () => '/api/training/labels', STAFF(201), { text: 'do you sell gift cards', intent: 'gift_cards' }],
  ['GET', () => '/api/training/labels', STAFF(200)],
  ['GET', () => '/api/training/model', STAFF(200)],
  ['DELETE', async (f) => `/api/training/labels/${await f.label()}`, MANAGERS(204)],
  // POST /api/training/retrain (admins only) rewrites the model file: its roles are tested in test/http/training-api.test.ts.
  ['GET', () => '/api/reports/summary', MANAGERS(200)],
  ['GET', () => '/api/reports/intents', MANAGERS(200)],
  ['GET', () => '/api/reports/intents/order_status/utterances', MANAGERS(200)],
  ['GET', () => '/api/reports/confidence', MANAGERS(200)],
  ['GET', () => '/api/reports/fallbacks', MANAGERS(200)],
  ['GET', () => '/api/reports/handoffs', MANAGERS(200)],
  ['GET', () => '/api/reports/churn-mix', MANAGERS(200)],
  ['GET', () => '/api/reports/summary?format=csv', MANAGERS(200)],
];

let server: TestServer;
const staffTokens = new Map<Who, string>();
let own: { id: string; token: string };
let other: { id: string; token: string };
let customerId: string;

async function startChat(text: string, customerRef?: string) {
  const res = await call(server.url, '/api/web/messages', { body: { text, ...(customerRef ? { customerRef } : {}) } });
  expect(res.status).toBe(200);
  return { id: String(res.body.conversationId), token: String(res.body.conversationToken) };
}

function headersFor(who: Who): Record<string, string> {
  if (who === 'customer') return { 'x-conversation-token': own.token };
  const token = staffTokens.get(who);
  return token ? { authorization: `Bearer ${token}` } : {};
}

function fixtureFor(who: Who): Fixture {
  const queued = async () => (await startChat('I want to talk to a real person')).id;
  const held = async () => {
    const id = await queued();
    const claimer = staffTokens.get(who) ?? staffTokens.get('agent');
    const claim = await call(server.url, `/api/agent/conversations/${id}/claim`, { body: {}, headers: { authorization: `Bearer ${claimer}` } });
    expect(claim.status).toBe(200);
    return id;
  };
  const live = async () => (await startChat('hello there')).id;
  const label = async () => {
    const made = await call(server.url, '/api/training/labels', { body: { text: 'can I pay with a gift card', intent: 'payment_methods' }, headers: { authorization: `Bearer ${staffTokens.get('manager')}` } });
    expect(made.status).toBe(201);
    return String((made.body.label as { id: string }).id);
  };
  return { own: own.id, other: other.id, customerId, queued, held, live, label };
}

/** Server-sent events never end: read the status and hang up. */
async function statusOfStream(path: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}${path}`, { headers, signal: controller.signal });
  const body = response.headers.get('content-type')?.includes('json') ? ((await response.json()) as Record<string, unknown>) : {};
  controller.abort();
  return { status: response.status, body };
}

async function request(route: Route, who: Who, path: string, fixture: Fixture) {
  const [method, , , body] = route;
  const headers = headersFor(who);
  if (path === '/api/agent/events') return statusOfStream(path, headers);
  if (body === 'own-conversation-message') return call(server.url, '/api/web/messages', { body: { conversationId: fixture.own, text: 'and another thing' }, headers });
  return call(server.url, path, { method, headers, ...(method === 'POST' ? { body: body ?? {} } : {}) });
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_IP_PER_MIN: '0', RATE_LIMIT_PER_CONVERSATION_PER_MIN: '0' });
  for (const user of DEMO_USERS) {
    const res = await call(server.url, '/api/auth/login', { body: { username: user.username, password: user.password } });
    expect(res.status).toBe(200);
    staffTokens.set(user.role, String(res.body.token));
  }
  const [customer] = await server.store.customers.list({ limit: 1 });
  if (!customer) throw new Error('demo data was not seeded');
  customerId = customer.id;
  own = await startChat('hello', customer.id);
  other = await startChat('hi there');
});

afterAll(async () => {
  await server.stop();
});

describe('roles × endpoints', () => {
  for (const who of WHO) {
    it(`${who}: every endpoint answers as the table says`, async () => {
      const fixture = fixtureFor(who);
      const got: string[] = [];
      const want: string[] = [];
      for (const route of ROUTES) {
        const path = await route[1](fixture);
        const label = `${route[0]} ${path.replace(/[0-9a-f-]{20,}/g, ':id')}`;
        const res = await request(route, who, path, fixture);
        got.push(`${label} → ${res.status}`);
        want.push(`${label} → ${route[2][who]}`);
        if (res.status >= 400) expect(typeof (res.body.error as { code?: unknown } | undefined)?.code, label).toBe('string');
      }
      expect(got).toEqual(want);
    });
  }

  it('a customer token for conversation A neither reads nor writes conversation B', async () => {
    const headers = { 'x-conversation-token': own.token };
    expect((await call(server.url, `/api/web/conversations/${other.id}/messages`, { headers })).status).toBe(404);
    const write = await call(server.url, '/api/web/messages', { body: { conversationId: other.id, text: 'let me in' }, headers });
    expect(write.status).toBe(404);
    const stored = await server.store.interactions.listByConversation(other.id);
    expect(stored.some((i) => i.text === 'let me in')).toBe(false);
  });
});
