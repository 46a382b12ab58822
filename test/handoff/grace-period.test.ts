// The disconnect grace period: presence from console connections, timers driven by hand (no sleeping), and the
// conversations of an agent who stayed away going back to the queue with the customer told and the handoff recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAgentPresence } from '../../src/handoff/agent-presence.js';
import { createHandoffEvents } from '../../src/handoff/handoff-events.js';
import { requestHandoff } from '../../src/handoff/handoff-requests.js';
import { AGENT_DISCONNECTED, createHandoffService, type HandoffService } from '../../src/handoff/handoff-service.js';
import { returnAgentConversations } from '../../src/handoff/live-lists.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Conversation, Store } from '../../src/store/ports.js';

describe('agent presence and grace period (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = () => {
    const expired: string[] = [];
    const presence = createAgentPresence({
      graceMs: 120_000,
      onExpire: async (agent) => void expired.push(agent),
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    });
    return { presence, expired };
  };

  it('counts agents with a live connection, not connections', () => {
    const { presence } = make();
    const a1 = presence.connect('ann');
    const a2 = presence.connect('ann');
    presence.connect('bob');
    expect(presence.online()).toBe(2);
    a1();
    a1(); // closing twice counts once
    expect(presence.isOnline('ann')).toBe(true);
    a2();
    expect(presence.isOnline('ann')).toBe(false);
    expect(presence.online()).toBe(1);
  });

  it('expires only after the whole grace period with no connection', () => {
    const { presence, expired } = make();
    presence.connect('ann')();
    expect(presence.pending()).toEqual(['ann']);
    vi.advanceTimersByTime(119_999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['ann']);
    expect(presence.pending()).toEqual([]);
  });

  it('a reconnect within the grace period cancels it (a page reload costs nothing)', () => {
    const { presence, expired } = make();
    presence.connect('ann')();
    vi.advanceTimersByTime(60_000);
    const again = presence.connect('ann');
    vi.advanceTimersByTime(600_000);
    expect(expired).toEqual([]);
    again();
    vi.advanceTimersByTime(120_000);
    expect(expired).toEqual(['ann']);
  });

  it('startGrace covers agents holding conversations across a restart, but not connected ones', () => {
    const { presence, expired } = make();
    presence.connect('bob');
    presence.startGrace('bob');
    presence.startGrace('ann');
    vi.advanceTimersByTime(120_000);
    expect(expired).toEqual(['ann']);
  });
});

describe('returning a disconnected agent\'s conversations', () => {
  let dataDir: string;
  let store: Store;
  let service: HandoffService;
  let clock = Date.parse('2026-11-23T10:00:00Z');

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'concierge-grace-'));
    store = await createEmbeddedStore({ dataDir, logger: silentLogger });
    service = createHandoffService({ store, now: () => new Date(clock), events: createHandoffEvents() });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function claimed(id: string, agent: string): Promise<Conversation> {
    const at = new Date(clock).toISOString();
    const conversation: Conversation = { id, channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: at, lastMessageAt: at, customerId: `c-${id}` };
    await store.conversations.create(conversation);
    await requestHandoff(store, conversation, { trigger: 'complaint', reason: 'complained', priority: 7 }, new Date(clock));
    await service.claim(id, agent);
    return conversation;
  }

  it('puts them back in the queue with a new handoff, ends the old one as agent_disconnected, tells the customer', async () => {
    await claimed('x1', 'ann');
    await claimed('x2', 'ann');
    await claimed('y1', 'bob');
    clock += 300_000;
    expect(await returnAgentConversations(store, service, 'ann')).toBe(2);

    const queue = await service.queue();
    expect(queue.map((q) => q.conversationId).sort()).toEqual(['x1', 'x2']);
    expect(queue[0]).toMatchObject({ trigger: 'complaint', priority: 7, waitedSeconds: 0 });
    expect((await store.conversations.get('y1'))?.assignedAgent).toBe('bob');

    const records = await store.handoffs.listByConversation('x1');
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ agent: 'ann', outcome: AGENT_DISCONNECTED, endedAt: new Date(clock).toISOString() });
    expect(records[1]).toMatchObject({ trigger: 'complaint', reason: 'back in the queue: ann was disconnected' });
    expect(records[1]?.endedAt).toBeUndefined();

    const told = (await store.interactions.listByConversation('x1')).filter((i) => i.sender === 'bot');
    expect(told.at(-1)?.text).toMatch(/was disconnected\. You're back in the queue/);
    // Another agent can now claim it.
    expect((await service.claim('x1', 'bob')).claimed).toBe(true);
  });

  it('leaves a conversation alone that the agent handed back in the meantime', async () => {
    await claimed('z1', 'ann');
    await service.release('z1', 'ann', 'resolved');
    expect(await returnAgentConversations(store, service, 'ann')).toBe(0);
    expect((await store.handoffs.listByConversation('z1'))[0]?.outcome).toBe('resolved');
  });
});
