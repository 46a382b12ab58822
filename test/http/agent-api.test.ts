// The agents' API end to end on the real server: queue → claim race → relay both ways (web chat and Teams) → hand back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, DEMO_USERS } from '../../src/security/user-service.js';
import { postActivity, startFakeConnector, type FakeConnector } from '../channels/teams/fake-connector.js';
import { messageActivity } from '../channels/teams/teams-fixtures.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let connector: FakeConnector;
let agentToken: string;
let secondToken: string;
const demoAgent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;
const second = { username: 'second-agent', password: 'second-agent-password', role: 'agent' };

async function login(username: string, password: string): Promise<string> {
  const res = await call(server.url, '/api/auth/login', { body: { username, password } });
  expect(res.status).toBe(200);
  return String(res.body.token);
}

beforeAll(async () => {
  server = await startTestServer();
  connector = await startFakeConnector();
  await addUser(server.store.users, second);
  agentToken = await login(demoAgent.username, demoAgent.password);
  secondToken = await login(second.username, second.password);
});

afterAll(async () => {
  await connector.close();
  await server.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function asAgent(token: string, path: string, body?: unknown) {
  return call(server.url, path, { headers: bearer(token), ...(body === undefined ? {} : { body }) });
}

interface WebChat {
  id: string;
  headers: Record<string, string>;
  cursor: string;
}

async function customerSays(text: string, chat?: WebChat) {
  const res = await call(server.url, '/api/web/messages', {
    body: { text, ...(chat ? { conversationId: chat.id } : {}) },
    headers: chat?.headers ?? {},
  });
  expect(res.status).toBe(200);
  const next: WebChat = {
    id: String(res.body.conversationId),
    headers: chat?.headers ?? { 'x-conversation-token': String(res.body.conversationToken) },
    cursor: String(res.body.cursor),
  };
  return { res, chat: next, replies: res.body.replies as { text: string }[] };
}

async function queueIds(): Promise<string[]> {
  const res = await asAgent(agentToken, '/api/agent/queue');
  expect(res.status).toBe(200);
  return (res.body.queue as { conversationId: string }[]).map((q) => q.conversationId);
}

describe('agent API: web chat handoff', () => {
  it('queue → claim race → agent writes → customer reads it → bot silent → release → bot answers', async () => {
    const asked = await customerSays('I want to talk to a person');
    expect(asked.res.body.intent).toBe('human_agent');
    expect(asked.replies[0]?.text).toMatch(/support team/);
    expect(asked.replies[0]?.text).toMatch(/in the queue/);
    const id = asked.chat.id;

    const queue = await asAgent(agentToken, '/api/agent/queue');
    const entry = (queue.body.queue as Record<string, unknown>[]).find((q) => q.conversationId === id);
    expect(entry).toMatchObject({ channel: 'webchat', trigger: 'customer_request', reason: 'asked for a person', position: 1 });
    expect(entry?.waitedSeconds).toBeGreaterThanOrEqual(0);

    const claims = await Promise.all([
      asAgent(agentToken, `/api/agent/conversations/${id}/claim`, {}),
      asAgent(secondToken, `/api/agent/conversations/${id}/claim`, {}),
    ]);
    expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
    const loserIndex = claims.findIndex((c) => c.status === 409);
    expect(claims[loserIndex]?.body).toMatchObject({ error: { code: 'CONVERSATION_TAKEN' } });
    const [winner, loser] = loserIndex === 1 ? [agentToken, secondToken] : [secondToken, agentToken];
    const winnerName = loserIndex === 1 ? demoAgent.username : second.username;
    expect(claims[1 - loserIndex]?.body).toMatchObject({ claimed: true, conversation: { state: 'assigned', assignedAgent: winnerName } });
    expect(claims[1 - loserIndex]?.body.conversation).not.toHaveProperty('tokenHash');
    expect(await queueIds()).not.toContain(id);

    const again = await asAgent(winner, `/api/agent/conversations/${id}/claim`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ claimed: false, handoff: { agent: winnerName } });
    expect((await asAgent(loser, `/api/agent/conversations/${id}/messages`, { text: 'me too' })).status).toBe(409);

    const sent = await asAgent(winner, `/api/agent/conversations/${id}/messages`, { text: 'Hi, I am here to help.' });
    expect(sent.status).toBe(201);
    const seen = await call(server.url, `/api/web/conversations/${id}/messages?after=${asked.chat.cursor}`, { headers: asked.chat.headers });
    expect(seen.body.messages).toEqual([expect.objectContaining({ sender: 'agent', agent: winnerName, text: 'Hi, I am here to help.' })]);

    const relayed = await customerSays('My parcel arrived broken', asked.chat);
    expect(relayed.replies).toEqual([]);
    const transcript = await asAgent(loser, `/api/agent/conversations/${id}`);
    expect(transcript.status).toBe(200);
    const interactions = transcript.body.interactions as { sender: string; text: string; action?: string }[];
    expect(interactions.at(-1)).toMatchObject({ sender: 'customer', text: 'My parcel arrived broken', action: 'relayed_to_agent' });
    expect(interactions.map((i) => i.sender)).toContain('agent');
    expect(transcript.body.handoff).toMatchObject({ trigger: 'customer_request', agent: winnerName });

    expect((await asAgent(loser, `/api/agent/conversations/${id}/release`, {})).status).toBe(409);
    const released = await asAgent(winner, `/api/agent/conversations/${id}/release`, {});
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ conversation: { state: 'bot' }, handoff: { outcome: 'returned_to_bot' } });
    expect(released.body.handlingSeconds).toBeGreaterThanOrEqual(0);
    expect((await server.store.conversations.get(id))?.assignedAgent).toBeUndefined();

    const back = await customerSays('thanks a lot', relayed.chat);
    expect(back.res.body.intent).toBe('thanks');
    expect(back.replies.length).toBeGreaterThan(0);
  });

  it('tells a waiting customer who asks again that they are already queued, with their position', async () => {
    const first = await customerSays('connect me to a human please');
    const again = await customerSays('I want to talk to a person', first.chat);
    expect(again.replies).toHaveLength(1);
    expect(again.replies[0]?.text).toMatch(/already in the queue/);
    expect(again.replies[0]?.text).toMatch(/next in the queue|number \d+ in the queue/);
    expect(await server.store.handoffs.listByConversation(first.chat.id)).toHaveLength(1);
  });

  it('closes a conversation with an outcome, and refuses illegal moves', async () => {
    const { chat } = await customerSays('can I speak to someone');
    expect((await asAgent(agentToken, `/api/agent/conversations/${chat.id}/release`, {})).body).toMatchObject({ error: { code: 'CONVERSATION_NOT_ASSIGNED' } });
    expect((await asAgent(agentToken, `/api/agent/conversations/${chat.id}/claim`, {})).status).toBe(200);
    expect((await asAgent(agentToken, `/api/agent/conversations/${chat.id}/close`, { outcome: 'Resolved!' })).status).toBe(400);
    const closed = await asAgent(agentToken, `/api/agent/conversations/${chat.id}/close`, { outcome: 'resolved' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ conversation: { state: 'closed' }, handoff: { outcome: 'resolved', agent: demoAgent.username } });
    const reclaim = await asAgent(agentToken, `/api/agent/conversations/${chat.id}/claim`, {});
    expect(reclaim.status).toBe(409);
    expect(reclaim.body).toMatchObject({ error: { code: 'HANDOFF_ILLEGAL_TRANSITION' } });
    const reopened = await customerSays('I want to talk to a person', chat);
    expect(reopened.replies[0]?.text).toMatch(/support team/);
    expect((await server.store.conversations.get(chat.id))?.state).toBe('queued');
    expect(await queueIds()).toContain(chat.id);
    expect((await server.store.handoffs.listByConversation(chat.id)).map((h) => h.outcome)).toEqual(['resolved', undefined]);
    const { chat: bot } = await customerSays('hello');
    expect((await asAgent(agentToken, `/api/agent/conversations/${bot.id}/claim`, {})).status).toBe(409);
    expect((await asAgent(agentToken, '/api/agent/conversations/no-such-id/claim', {})).status).toBe(404);
  });

  it('validates message bodies', async () => {
    const { chat } = await customerSays('human agent');
    await asAgent(agentToken, `/api/agent/conversations/${chat.id}/claim`, {});
    for (const text of ['', '   ', 'x'.repeat(2001), { $gt: '' }]) {
      const res = await asAgent(agentToken, `/api/agent/conversations/${chat.id}/messages`, { text });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await asAgent(agentToken, `/api/agent/conversations/${chat.id}/messages`, { text: 'x'.repeat(2000) })).status).toBe(201);
  });

  it('refuses every agent route without a staff token (a customer has none)', async () => {
    const { chat } = await customerSays('talk to a human');
    const routes: [string, unknown?][] = [
      ['/api/agent/queue'],
      [`/api/agent/conversations/${chat.id}`],
      [`/api/agent/conversations/${chat.id}/claim`, {}],
      [`/api/agent/conversations/${chat.id}/messages`, { text: 'hi' }],
      [`/api/agent/conversations/${chat.id}/release`, {}],
      [`/api/agent/conversations/${chat.id}/close`, { outcome: 'resolved' }],
      [`/api/agent/conversations/${chat.id}/cancel`, {}],
    ];
    for (const [path, body] of routes) {
      const anonymous = await call(server.url, path, body === undefined ? {} : { body });
      expect(anonymous.status, path).toBe(401);
      const customer = await call(server.url, path, { headers: chat.headers, ...(body === undefined ? {} : { body }) });
      expect(customer.status, path).toBe(401);
      const forged = await call(server.url, path, { headers: bearer('forged.token'), ...(body === undefined ? {} : { body }) });
      expect(forged.status, path).toBe(401);
    }
    expect((await server.store.conversations.get(chat.id))?.state).toBe('queued');
    const cancelled = await asAgent(agentToken, `/api/agent/conversations/${chat.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ conversation: { state: 'bot' }, handoff: { outcome: 'cancelled' } });
    expect(await queueIds()).not.toContain(chat.id);
  });
});

describe('agent API: Teams relay', () => {
  it('delivers the agent message proactively and keeps the bot silent while the agent holds the chat', async () => {
    const asked = await postActivity(server.url, messageActivity(connector.url, { text: 'I want to talk to a person' }));
    expect(asked.status).toBe(200);
    const [reply] = await connector.waitForCalls(1);
    expect(String(reply?.body.text)).toMatch(/support team/);
    const conversation = (await server.store.conversations.listByState('queued')).find((c) => c.channel === 'teams');
    expect(conversation).toBeDefined();
    const id = conversation!.id;
    expect(await queueIds()).toContain(id);

    expect((await asAgent(agentToken, `/api/agent/conversations/${encodeURIComponent(id)}/claim`, {})).status).toBe(200);
    connector.calls.length = 0;
    const sent = await asAgent(agentToken, `/api/agent/conversations/${encodeURIComponent(id)}/messages`, { text: 'Hello from support.' });
    expect(sent.status).toBe(201);
    const [proactive] = await connector.waitForCalls(1);
    expect(proactive).toMatchObject({ conversationId: 'a:personal-chat-1', body: { type: 'message', text: 'Hello from support.' } });
    expect(proactive?.replyToId).toBeUndefined();

    connector.calls.length = 0;
    const relayed = await postActivity(server.url, messageActivity(connector.url, { text: 'thanks, my order is late' }));
    expect(relayed.status).toBe(200);
    // The turn finished (the HTTP answer came back) without the bot posting anything.
    expect(connector.calls).toHaveLength(0);
    const stored = await server.store.interactions.listByConversation(id);
    expect(stored.at(-1)).toMatchObject({ sender: 'customer', channel: 'teams', action: 'relayed_to_agent', text: 'thanks, my order is late' });

    expect((await asAgent(agentToken, `/api/agent/conversations/${encodeURIComponent(id)}/release`, {})).status).toBe(200);
    await postActivity(server.url, messageActivity(connector.url, { text: 'hello' }));
    expect((await connector.waitForCalls(1))[0]?.body.type).toBe('message');
  });
});
