// The training API on the real server (small fixture domain, temporary models directory): roles, label
// validation, refusing a model that drops held-out accuracy, and a retrain that changes what the running bot
// understands without a restart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { harmfulLabels, writeSmallDomain } from '../fixtures/nlu/small-domain.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let dirs: { intentsDir: string; modelsDir: string };
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dirs = writeSmallDomain();
  // No model file: the server trains one in memory at start (and logs why).
  server = await startTestServer({ INTENTS_DIR: dirs.intentsDir, MODELS_DIR: dirs.modelsDir });
  for (const user of DEMO_USERS) {
    const res = await call(server.url, '/api/auth/login', { body: { username: user.username, password: user.password } });
    tokens[user.role] = String(res.body.token);
  }
}, 60_000);

afterAll(async () => {
  await server.stop();
});

const as = (role: string | null, path: string, init: { method?: string; body?: unknown } = {}) =>
  call(server.url, path, { ...init, headers: role ? { authorization: `Bearer ${tokens[role] ?? role}` } : {} });

async function customerSays(text: string) {
  const res = await call(server.url, '/api/web/messages', { body: { text } });
  expect(res.status).toBe(200);
  return res.body as { intent: string | null; replies: { text: string }[] };
}

describe('training API: who may do what', () => {
  it('anonymous callers and customers (no staff session) get 401 everywhere', async () => {
    for (const [method, path] of [['GET', '/api/training/labels'], ['POST', '/api/training/labels'], ['DELETE', '/api/training/labels/x'], ['GET', '/api/training/model'], ['POST', '/api/training/retrain']] as const) {
      expect((await as(null, path, { method, body: method === 'POST' ? {} : undefined })).status, `${method} ${path}`).toBe(401);
      expect((await as('not-a-real-token', path, { method })).status, `${method} ${path} with a bad token`).toBe(401);
    }
  });

  it('an agent labels and reads, but cannot delete labels or retrain (403)', async () => {
    const created = await as('agent', '/api/training/labels', { body: { text: 'where is my parcel', intent: 'track', interactionId: 'i-1' } });
    expect(created.status).toBe(201);
    const label = created.body.label as Record<string, unknown>;
    expect(label).toMatchObject({ text: 'where is my parcel', intent: 'track', interactionId: 'i-1', predictedIntent: 'track', createdBy: 'agent' });
    const list = await as('agent', '/api/training/labels');
    expect(list.body.labels).toEqual([label]);
    expect((await as('agent', `/api/training/labels/${String(label.id)}`, { method: 'DELETE' })).status).toBe(403);
    expect((await as('agent', '/api/training/retrain', { method: 'POST' })).status).toBe(403);
    expect((await as('manager', '/api/training/retrain', { method: 'POST' })).status).toBe(403);

    const model = await as('agent', '/api/training/model');
    expect(model.status).toBe(200);
    expect(model.body).toMatchObject({ version: 1, labelsPending: 1, intents: ['greet', 'human_agent', 'refund', 'track'] });
    expect(Object.keys(model.body).sort()).toEqual(['accuracy', 'intents', 'labelsPending', 'macroF1', 'trainedAt', 'version']);

    expect((await as('manager', `/api/training/labels/${String(label.id)}`, { method: 'DELETE' })).status).toBe(204);
    expect((await as('manager', `/api/training/labels/${String(label.id)}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('rejects bad labels with 400 naming the field', async () => {
    for (const body of [{ text: '', intent: 'track' }, { text: 'x'.repeat(501), intent: 'track' }, { text: 'hi', intent: 'Bad Name' }, { text: 'hi', intent: 'x' }, { text: 'hi' }]) {
      const res = await as('agent', '/api/training/labels', { body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/body\.(text|intent)/);
    }
  });
});

describe('retraining', () => {
  it('refuses a label set that really hurts held-out accuracy and keeps the live model', async () => {
    const before = await customerSays('where is my parcel');
    const bad = harmfulLabels();
    const ids: string[] = [];
    for (const l of bad) ids.push(String(((await as('manager', '/api/training/labels', { body: { text: l.text, intent: l.intent } })).body.label as { id: string }).id));
    const res = await as('admin', '/api/training/retrain', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replaced: false, labelsUsed: 32, previous: { version: 1 }, candidate: { version: 2 } });
    const { previous, candidate } = res.body as { previous: { accuracy: number }; candidate: { accuracy: number } };
    expect(candidate.accuracy).toBeLessThan(previous.accuracy);
    expect(String(res.body.reason)).toMatch(/held-out test accuracy would fall by/);
    expect((await customerSays('where is my parcel')).intent).toBe(before.intent);
    expect((await as('agent', '/api/training/model')).body).toMatchObject({ version: 1, labelsPending: 32 });
    for (const id of ids) expect((await as('admin', `/api/training/labels/${id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('swaps in a better model without a restart: a new intent from labels is understood at once', async () => {
    const message = 'could you gift wrap this for me';
    const before = await customerSays(message);
    expect(before.intent).not.toBe('gift_wrapping');
    const phrases = ['gift wrap please', 'can you gift wrap it', 'I want gift wrapping', 'wrap it as a present', 'add gift wrap', 'is gift wrapping available', 'please wrap it as a gift', 'do you offer gift wrap'];
    for (const text of phrases) expect((await as('agent', '/api/training/labels', { body: { text, intent: 'gift_wrapping' } })).status).toBe(201);

    const res = await as('admin', '/api/training/retrain', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body, String(res.body.reason)).toMatchObject({ replaced: true, labelsUsed: 8, previous: { version: 1 }, candidate: { version: 2 } });

    const after = await customerSays(message);
    expect(after.intent).toBe('gift_wrapping');
    // intents/ has no reply for it: the bot hands over to a person instead of failing.
    expect(after.replies[0]?.text).toMatch(/passed your conversation to our team/);
    const model = (await as('agent', '/api/training/model')).body;
    expect(model).toMatchObject({ version: 2, labelsPending: 0 });
    expect(model.intents).toContain('gift_wrapping');
    const file = JSON.parse(readFileSync(join(dirs.modelsDir, 'intent-model.json'), 'utf8')) as { version: number; intents: string[] };
    expect(file.version).toBe(2);
    expect(file.intents).toContain('gift_wrapping');
  });
});
