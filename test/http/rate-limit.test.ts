import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/http/rate-limit.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

describe('token-bucket limiter', () => {
  it('allows the per-minute budget, refills continuously and names the wait', () => {
    let t = 0;
    const limiter = createRateLimiter(60, 'here', () => t);
    for (let i = 0; i < 60; i++) limiter.take('a');
    expect(() => limiter.take('a')).toThrow(expect.objectContaining({ status: 429, retryAfterSeconds: 1 }));
    limiter.take('b');
    t += 1000;
    limiter.take('a');
    expect(() => limiter.take('a')).toThrow();
  });

  it('is off at 0', () => {
    const limiter = createRateLimiter(0, 'here');
    for (let i = 0; i < 10_000; i++) limiter.take('a');
  });
});

describe('web chat rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_CONVERSATION_PER_MIN: '3', RATE_LIMIT_PER_IP_PER_MIN: '8' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 429 with Retry-After per conversation and per IP, and keeps serving others', async () => {
    const first = await call(server.url, '/api/web/messages', { body: { text: 'hi' } });
    const headers = { 'x-conversation-token': String(first.body.conversationToken) };
    const next = () => call(server.url, '/api/web/messages', { body: { text: 'hello again', conversationId: String(first.body.conversationId) }, headers });
    for (let i = 0; i < 3; i++) expect((await next()).status).toBe(200);
    const limited = await next();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(server.url, '/api/web/messages', { body: { text: 'new chat' } })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect((await call(server.url, '/healthz')).status).toBe(200);
  });
});
