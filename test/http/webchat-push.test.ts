// The web chat's live push: refused without the conversation's token; says "message" when the agent writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const demoAgent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function nextBlock(reader: ReadableStreamDefaultReader<Uint8Array>, state: { buffer: string }): Promise<string> {
  const decoder = new TextDecoder();
  for (;;) {
    const end = state.buffer.indexOf('\n\n');
    if (end !== -1) {
      const block = state.buffer.slice(0, end);
      state.buffer = state.buffer.slice(end + 2);
      if (block.startsWith('event:') || block.includes('\nevent:')) return block;
      continue;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    state.buffer += decoder.decode(value, { stream: true });
  }
}

describe('web chat push', () => {
  it('is refused with a wrong token and pushes agent activity with the right one', async () => {
    const asked = await call(server.url, '/api/web/messages', { body: { text: 'I want to talk to a person' } });
    const id = String(asked.body.conversationId);
    const token = String(asked.body.conversationToken);
    expect((await fetch(`${server.url}/api/web/conversations/${id}/events`, { headers: { 'x-conversation-token': 'wrong' } })).status).toBe(404);

    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/web/conversations/${id}/events`, { headers: { 'x-conversation-token': token }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    try {
      const reader = stream.body!.getReader();
      const state = { buffer: '' };
      const login = await call(server.url, '/api/auth/login', { body: { username: demoAgent.username, password: demoAgent.password } });
      const auth = { authorization: `Bearer ${String(login.body.token)}` };
      await call(server.url, `/api/agent/conversations/${id}/claim`, { headers: auth, body: {} });
      expect(await nextBlock(reader, state)).toMatch(/event: message\ndata: \{"type":"claimed"\}/);
      await call(server.url, `/api/agent/conversations/${id}/messages`, { headers: auth, body: { text: 'Hello from the team' } });
      const block = await nextBlock(reader, state);
      expect(block).toMatch(/event: message\ndata: \{"type":"agent_message"\}/);
      // The push carries no text; the history endpoint has it.
      expect(block).not.toContain('Hello from the team');
    } finally {
      controller.abort();
    }
  });
});
