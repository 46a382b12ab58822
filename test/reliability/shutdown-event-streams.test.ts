// An agent console's live event stream never ends by itself: shutdown must not wait for it as for a turn in flight.
// With a ten-minute SHUTDOWN_TIMEOUT_MS, close() returning at all (within the test's timeout) proves it is not waited for.
import { expect, it } from 'vitest';
import { call, startTestServer } from '../support/test-server.js';

it('closes while an agent event stream is open, without waiting for the shutdown timeout', async () => {
  const server = await startTestServer({ SHUTDOWN_TIMEOUT_MS: '600000' });
  const login = await call(server.url, '/api/auth/login', { body: { username: 'agent', password: 'agent-demo-password' } });
  expect(login.status).toBe(200);
  const stream = await fetch(`${server.url}/api/agent/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${String(login.body.token)}` } });
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain('event: queue');
  await server.stop();
  // The stream ends with its connection.
  await expect((async () => { while (!(await reader.read()).done); })()).rejects.toThrow();
}, 30_000);
