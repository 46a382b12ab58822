// The reports API on the real server: who may read it, filters validated, JSON figures from the store, CSV export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { loadFixtures, WEEK } from '../reports/report-fixtures.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
const tokens: Record<string, string> = {};
const bearer = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
const week = `from=${WEEK.from}&to=${WEEK.to}`;
const PATHS = ['summary', 'intents', 'intents/order_status/utterances', 'confidence', 'fallbacks', 'handoffs', 'churn-mix'].map((p) => `/api/reports/${p}?${week}`);

beforeAll(async () => {
  server = await startTestServer({ SEED_DEMO_DATA: 'false' });
  await loadFixtures(server.store);
  for (const user of DEMO_USERS) {
    const res = await call(server.url, '/api/auth/login', { body: { username: user.username, password: user.password } });
    tokens[user.role] = String(res.body.token);
  }
});
afterAll(async () => {
  await server.stop();
});

describe('reports API', () => {
  it('answers managers and admins; agents get 403, anonymous callers and customers (no staff session) 401', async () => {
    const chat = await call(server.url, '/api/web/messages', { body: { text: 'hello' } });
    const customer = { 'x-conversation-token': String(chat.body.conversationToken) };
    for (const path of PATHS) {
      expect((await call(server.url, path, { headers: bearer('manager') })).status, path).toBe(200);
      expect((await call(server.url, path, { headers: bearer('admin') })).status, path).toBe(200);
      expect((await call(server.url, path, { headers: bearer('agent') })).body.error, path).toMatchObject({ code: 'FORBIDDEN' });
      expect((await call(server.url, path)).status, path).toBe(401);
      expect((await call(server.url, path, { headers: customer })).status, path).toBe(401);
    }
  });

  it('gives the figures computed in the store', async () => {
    const res = await call(server.url, `/api/reports/summary?${week}`, { headers: bearer('manager') });
    expect(res.body).toMatchObject({ messages: 6, conversations: 3, customers: 2, containmentRate: 0.6667, fallbackRate: 0.4, p95LatencyMs: 50 });
    const page = await call(server.url, `/api/reports/intents/order_status/utterances?${week}&pageSize=1&page=2`, { headers: bearer('manager') });
    expect(page.body).toMatchObject({ total: 2, page: 2, utterances: [{ id: 'm1' }] });
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const query of ['from=2026-13-01', 'channel=fax', 'segment=%7B%22%24gt%22%3A1%7D', 'from=2026-03-05&to=2026-03-01', 'format=xml', 'pageSize=5000']) {
      const res = await call(server.url, `/api/reports/summary?${query}`, { headers: bearer('manager') });
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('exports CSV with quoting and formula cells neutralised', async () => {
    await server.store.interactions.append({
      id: 'evil', conversationId: 'c7', channel: 'webchat', sender: 'customer', at: '2026-03-05T10:00:00.000Z',
      text: '=HYPERLINK("http://x", "a, b")', intent: 'order_status', confidence: 0.9, action: 'answer',
    });
    const res = await fetch(`${server.url}/api/reports/intents/order_status/utterances?${week}&format=csv`, { headers: bearer('manager') });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe('id,at,channel,confidence,text');
    expect(text).toContain(`evil,2026-03-05T10:00:00.000Z,webchat,0.9,"'=HYPERLINK(""http://x"", ""a, b"")"`);
    const one = await fetch(`${server.url}/api/reports/handoffs?${week}&format=csv&table=handoff-triggers`, { headers: bearer('manager') });
    expect(await one.text()).toBe('trigger,count\r\ncustomer_request,1\r\nrepeated_fallback,1\r\n');
  });
});
