import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

const agent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;

describe('staff sign-in', () => {
  it('issues a bearer token and an HttpOnly, SameSite cookie for the right password', async () => {
    const res = await call(server.url, '/api/auth/login', { body: { username: agent.username, password: agent.password } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: agent.username, role: 'agent' });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const me = await call(server.url, '/api/auth/me', { headers: { authorization: `Bearer ${String(res.body.token)}` } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: agent.username, role: 'agent' });
  });

  it('refuses a wrong password, an unknown user and malformed bodies', async () => {
    expect((await call(server.url, '/api/auth/login', { body: { username: agent.username, password: 'wrong-password' } })).status).toBe(401);
    expect((await call(server.url, '/api/auth/login', { body: { username: 'nobody', password: 'whatever-pass' } })).status).toBe(401);
    const bad = await call(server.url, '/api/auth/login', { body: { username: { $ne: null }, password: 'x' } });
    expect(bad.status).toBe(400);
  });

  it('requires a valid token for staff endpoints', async () => {
    expect((await call(server.url, '/api/auth/me')).status).toBe(401);
    expect((await call(server.url, '/api/auth/me', { headers: { authorization: 'Bearer forged.token' } })).status).toBe(401);
  });

  it('creates no demo accounts in production', async () => {
    const prod = await startTestServer({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) });
    try {
      expect(await prod.store.users.list()).toEqual([]);
      expect((await call(prod.url, '/api/auth/login', { body: { username: agent.username, password: agent.password } })).status).toBe(401);
    } finally {
      await prod.stop();
    }
  });
});

describe('sign-in lock-out', () => {
  it('locks a username after five failures, even for the right password, and says when to retry', async () => {
    const { addUser } = await import('../../src/security/user-service.js');
    await addUser(server.store.users, { username: 'locky', password: 'the-right-password', role: 'agent' });
    for (let i = 0; i < 5; i++) {
      expect((await call(server.url, '/api/auth/login', { body: { username: 'locky', password: `wrong-${i}-password` } })).status).toBe(401);
    }
    const locked = await call(server.url, '/api/auth/login', { body: { username: 'locky', password: 'the-right-password' } });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await call(server.url, '/api/auth/login', { body: { username: agent.username, password: agent.password } })).status).toBe(200);
  });
});
