// The agent desk on the real server: monitor → pick (trigger agent_pick), notes, suggested replies, hand back with an
// outcome, the wait estimate in the queued reply, and (on a server whose desk is closed) callback capture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const demoAgent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;

async function signIn(server: TestServer): Promise<Record<string, string>> {
  const res = await call(server.url, '/api/auth/login', { body: { username: demoAgent.username, password: demoAgent.password } });
  return { authorization: `Bearer ${String(res.body.token)}` };
}

async function say(server: TestServer, text: string, conversation?: { id: string; token: string }, customerRef?: string) {
  const res = await call(server.url, '/api/web/messages', {
    body: { text, ...(conversation ? { conversationId: conversation.id } : {}), ...(customerRef ? { customerRef } : {}) },
    headers: conversation ? { 'x-conversation-token': conversation.token } : {},
  });
  expect(res.status).toBe(200);
  const id = String(res.body.conversationId);
  return { id, token: conversation?.token ?? String(res.body.conversationToken), replies: res.body.replies as { text: string }[] };
}

describe('agent desk API (open hours)', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    auth = await signIn(server);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses the desk endpoints without a session', async () => {
    for (const path of ['/api/agent/monitor', '/api/agent/callbacks']) expect((await call(server.url, path)).status).toBe(401);
    expect((await call(server.url, '/api/agent/conversations/x/pick', { body: {} })).status).toBe(401);
  });

  // Runs before any handoff is handled here, so the handling times are exactly the three written below.
  it("says it can't estimate the wait yet when nothing has been handled, and gives minutes once there is data", async () => {
    const first = await say(server, 'I want to talk to a person');
    expect(first.replies[0]?.text).toMatch(/queue/);
    expect(first.replies[0]?.text).toMatch(/can't estimate the wait yet|Nobody from the team is online/);
    await call(server.url, `/api/agent/conversations/${first.id}/cancel`, { headers: auth, body: {} });

    // Three finished handoffs of 4, 6 and 10 minutes; one agent online (an open event stream) → median 6 min.
    const base = Date.parse('2026-11-20T10:00:00Z');
    for (const [i, minutes] of [4, 6, 10].entries()) {
      const at = new Date(base + i * 3_600_000);
      await server.store.handoffs.create({
        id: `past-${i}`, conversationId: `past-${i}`, trigger: 'customer_request', reason: 'asked', priority: 0,
        requestedAt: at.toISOString(), claimedAt: at.toISOString(), endedAt: new Date(at.getTime() + minutes * 60_000).toISOString(), outcome: 'resolved', agent: 'x',
      });
    }
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/api/agent/events`, { headers: auth, signal: controller.signal });
    expect(stream.status).toBe(200);
    try {
      const asked = await say(server, 'I want to talk to a person');
      expect(asked.replies[0]?.text).toMatch(/next in the queue\. The wait should be about 6 minutes\./);
    } finally {
      controller.abort();
    }
  });

  it('lists a live bot conversation on the monitor; picking it records agent_pick and tells the customer', async () => {
    const [example] = await demoCustomerExamples(server.store, 1);
    const chat = await say(server, 'where is my order?', undefined, example!.id);
    const monitor = await call(server.url, '/api/agent/monitor', { headers: auth });
    const entry = (monitor.body.conversations as { conversationId: string; lastIntent?: string }[]).find((c) => c.conversationId === chat.id);
    expect(entry?.lastIntent).toBe('order_status');

    const picked = await call(server.url, `/api/agent/conversations/${chat.id}/pick`, { headers: auth, body: {} });
    expect(picked.status).toBe(200);
    expect(picked.body).toMatchObject({ claimed: true, conversation: { state: 'assigned', assignedAgent: demoAgent.username }, handoff: { trigger: 'agent_pick' } });
    // A second pick by the same agent changes nothing; it is off the monitor now.
    expect((await call(server.url, `/api/agent/conversations/${chat.id}/pick`, { headers: auth, body: {} })).body.claimed).toBe(false);
    const after = await call(server.url, '/api/agent/monitor', { headers: auth });
    expect((after.body.conversations as { conversationId: string }[]).map((c) => c.conversationId)).not.toContain(chat.id);
    const history = await call(server.url, `/api/web/conversations/${chat.id}/messages`, { headers: { 'x-conversation-token': chat.token } });
    expect((history.body.messages as { text: string }[]).at(-1)?.text).toMatch(/joined the conversation/);

    // Suggested replies for the customer's last message, filled with this customer's data.
    await say(server, 'has my parcel shipped yet?', chat);
    const suggested = await call(server.url, `/api/agent/conversations/${chat.id}/suggestions`, { headers: auth });
    const suggestions = suggested.body.suggestions as { intent: string; text: string }[];
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions[0]?.intent).toBe('order_status');
    expect(suggestions[0]?.text).toMatch(/order/i);
    expect(suggestions.map((s) => s.intent)).not.toContain('human_agent');

    // A note, validated, stored on the handoff.
    expect((await call(server.url, `/api/agent/conversations/${chat.id}/notes`, { headers: auth, body: { text: '   ' } })).status).toBe(400);
    const noted = await call(server.url, `/api/agent/conversations/${chat.id}/notes`, { headers: auth, body: { text: 'Parcel delayed at depot, promised update' } });
    expect(noted.status).toBe(201);
    expect(noted.body.notes).toEqual([expect.objectContaining({ agent: demoAgent.username, text: 'Parcel delayed at depot, promised update' })]);

    // Hand back with an outcome: recorded, not the default.
    expect((await call(server.url, `/api/agent/conversations/${chat.id}/release`, { headers: auth, body: { outcome: 'Bad Outcome!' } })).status).toBe(400);
    const released = await call(server.url, `/api/agent/conversations/${chat.id}/release`, { headers: auth, body: { outcome: 'follow_up' } });
    expect(released.status).toBe(200);
    const [record] = await server.store.handoffs.listByConversation(chat.id);
    expect(record).toMatchObject({ trigger: 'agent_pick', agent: demoAgent.username, outcome: 'follow_up', notes: [expect.objectContaining({ text: 'Parcel delayed at depot, promised update' })] });
    expect(record?.claimedAt).toBe(record?.requestedAt);
  });
});

describe('agent desk API (outside working hours)', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    // Open one minute a week on a day that is not today: closed now, whatever the day the test runs.
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const other = days[(new Date().getUTCDay() + 3) % 7];
    server = await startTestServer({ HANDOFF_HOURS: `${other} 10:00-10:01`, HANDOFF_TIMEZONE: 'UTC' });
    auth = await signIn(server);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('offers a callback instead of queueing, asks again for an invalid contact, stores a valid one for agents', async () => {
    const chat = await say(server, 'I want to talk to a person');
    expect(chat.replies[0]?.text).toMatch(/Our team is away right now/);
    expect(chat.replies[0]?.text).toMatch(/e-mail address or phone number/);
    expect((await call(server.url, '/api/agent/queue', { headers: auth })).body.queue).toEqual([]);

    const invalid = await say(server, 'me@nowhere', chat);
    expect(invalid.replies[0]?.text).toMatch(/doesn't look like an e-mail address or a phone number/);
    const valid = await say(server, 'Sure, it is Jo.Smith@Example.org thanks', chat);
    expect(valid.replies[0]?.text).toMatch(/we'll e-mail you at the address you gave/);
    expect(valid.replies[0]?.text).not.toMatch(/example\.org/i);

    const callbacks = await call(server.url, '/api/agent/callbacks', { headers: auth });
    const [entry] = callbacks.body.callbacks as { handoffId: string; contact: string; contactKind: string; trigger: string; conversationId: string }[];
    expect(entry).toMatchObject({ contact: 'jo.smith@example.org', contactKind: 'email', trigger: 'customer_request', conversationId: chat.id });
    // Still not in the agents' queue; the customer's next message is an ordinary bot turn.
    expect((await call(server.url, '/api/agent/queue', { headers: auth })).body.queue).toEqual([]);

    const done = await call(server.url, `/api/agent/callbacks/${entry!.handoffId}/done`, { headers: auth, body: {} });
    expect(done.status).toBe(200);
    expect(done.body.handoff).toMatchObject({ outcome: 'called_back', callback: { status: 'done', doneBy: demoAgent.username } });
    expect((await call(server.url, '/api/agent/callbacks', { headers: auth })).body.callbacks).toEqual([]);
    expect((await call(server.url, `/api/agent/callbacks/${entry!.handoffId}/done`, { headers: auth, body: {} })).status).toBe(404);
  });

  it('takes a phone number too', async () => {
    const chat = await say(server, 'I want to talk to a person');
    const valid = await say(server, '+44 20 7946 0018', chat);
    expect(valid.replies[0]?.text).toMatch(/call you on the number you gave/);
    const entries = (await call(server.url, '/api/agent/callbacks', { headers: auth })).body.callbacks as { contact: string; contactKind: string }[];
    expect(entries).toContainEqual(expect.objectContaining({ contact: '+442079460018', contactKind: 'phone' }));
  });
});
