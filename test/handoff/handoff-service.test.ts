// The handoff service against the embedded store, with a hand-driven clock and a recording channel sender.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/app-error.js';
import type { CustomerContext } from '../../src/crm/types.js';
import type { Reply } from '../../src/dialogue/types.js';
import { alreadyQueuedText, handoffPriority, queuePosition } from '../../src/handoff/handoff-queue.js';
import { requestHandoff } from '../../src/handoff/handoff-requests.js';
import { createHandoffService, type HandoffService } from '../../src/handoff/handoff-service.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Channel, Conversation, Store } from '../../src/store/ports.js';

const T0 = Date.parse('2026-11-23T09:00:00.000Z');
let clock = T0;
let dataDir: string;
let store: Store;
let sent: { reference: Record<string, unknown>; replies: Reply[] }[];
let service: HandoffService;

beforeEach(async () => {
  clock = T0;
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-handoff-'));
  store = await createEmbeddedStore({ dataDir, logger: silentLogger });
  sent = [];
  service = createHandoffService({
    store,
    now: () => new Date(clock),
    sendToChannel: async (reference, replies) => {
      sent.push({ reference, replies });
    },
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function queued(id: string, priority: number, channel: Channel = 'webchat'): Promise<Conversation> {
  const at = new Date(clock).toISOString();
  const conversation: Conversation = {
    id,
    channel,
    customerId: `cust-${id}`,
    state: 'bot',
    failedTurns: 0,
    startedAt: at,
    lastMessageAt: at,
    ...(channel === 'teams' ? { reference: { channelId: 'msteams', serviceUrl: 'http://connector', conversation: { id: `a:${id}` } } } : {}),
  };
  await store.conversations.create(conversation);
  await requestHandoff(store, conversation, { trigger: 'customer_request', reason: 'asked for a person', priority }, new Date(clock));
  return conversation;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return isAppError(error) ? `${error.status} ${error.code}` : undefined;
}

describe('handoff service', () => {
  it('orders the queue by priority, then by who waited longest, with waited seconds and positions', async () => {
    await queued('a', 0);
    clock += 10_000;
    await queued('b', 50);
    clock += 10_000;
    await queued('c', 0);
    clock += 5_000;
    const queue = await service.queue();
    expect(queue.map((q) => [q.conversationId, q.waitedSeconds, q.position])).toEqual([
      ['b', 15, 1],
      ['a', 25, 2],
      ['c', 5, 3],
    ]);
    expect(queue[0]).toMatchObject({ customerId: 'cust-b', trigger: 'customer_request', reason: 'asked for a person', priority: 50 });
    expect(await queuePosition(store, 'c')).toBe(3);
    expect(await queuePosition(store, 'nobody')).toBeNull();
  });

  it('lets exactly one agent claim, is idempotent for the holder, and records who and when', async () => {
    await queued('a', 0);
    clock += 30_000;
    const results = await Promise.allSettled([service.claim('a', 'sam'), service.claim('a', 'kim')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const winner = results[0]?.status === 'fulfilled' ? 'sam' : 'kim';
    const loser = winner === 'sam' ? 'kim' : 'sam';
    expect(await codeOf(service.claim('a', loser))).toBe('409 CONVERSATION_TAKEN');
    const again = await service.claim('a', winner);
    expect(again.claimed).toBe(false);
    expect(again.handoff).toMatchObject({ agent: winner, claimedAt: new Date(T0 + 30_000).toISOString() });
    expect(await service.queue()).toEqual([]);
  });

  it('stores agent messages, relays them to Teams only, and only from the holder', async () => {
    await queued('web', 0);
    await queued('team', 0, 'teams');
    expect(await codeOf(service.sendAgentMessage('web', 'sam', 'hi'))).toBe('409 CONVERSATION_NOT_ASSIGNED');
    await service.claim('web', 'sam');
    await service.claim('team', 'sam');
    expect(await codeOf(service.sendAgentMessage('web', 'kim', 'hi'))).toBe('409 CONVERSATION_TAKEN');

    const web = await service.sendAgentMessage('web', 'sam', 'Hello on the web');
    expect(web).toMatchObject({ sender: 'agent', agent: 'sam', channel: 'webchat', customerId: 'cust-web', text: 'Hello on the web' });
    expect(sent).toEqual([]);

    await service.sendAgentMessage('team', 'sam', 'Hello on Teams');
    expect(sent).toEqual([{ reference: expect.objectContaining({ serviceUrl: 'http://connector' }), replies: [{ text: 'Hello on Teams' }] }]);
    const transcript = await service.transcript('team');
    expect(transcript.interactions.map((i) => [i.sender, i.text])).toEqual([['agent', 'Hello on Teams']]);
    expect(transcript.conversation).not.toHaveProperty('reference');
  });

  it('hands back to the bot with the handling time, or closes with an outcome', async () => {
    await queued('a', 0);
    await queued('b', 0);
    clock += 20_000;
    await service.claim('a', 'sam');
    await service.claim('b', 'sam');
    clock += 95_000;
    expect(await codeOf(service.release('a', 'kim'))).toBe('409 CONVERSATION_TAKEN');
    const released = await service.release('a', 'sam');
    expect(released).toMatchObject({ conversation: { state: 'bot', failedTurns: 0 }, handoff: { outcome: 'returned_to_bot' }, handlingSeconds: 95 });
    expect(released.conversation.assignedAgent).toBeUndefined();
    const closed = await service.close('b', 'sam', 'resolved');
    expect(closed).toMatchObject({ conversation: { state: 'closed', assignedAgent: 'sam' }, handoff: { outcome: 'resolved', endedAt: new Date(clock).toISOString() } });
    expect(await codeOf(service.release('a', 'sam'))).toBe('409 CONVERSATION_NOT_ASSIGNED');
    expect(await codeOf(service.claim('b', 'sam'))).toBe('409 HANDOFF_ILLEGAL_TRANSITION');
    expect(await codeOf(service.claim('missing', 'sam'))).toBe('404 CONVERSATION_NOT_FOUND');
    expect(await store.handoffs.listOpen()).toEqual([]);
  });

  it('cancels a waiting conversation back to the bot, and only a waiting one', async () => {
    await queued('a', 0);
    const cancelled = await service.cancel('a', 'sam');
    expect(cancelled).toMatchObject({ conversation: { state: 'bot' }, handoff: { outcome: 'cancelled', agent: 'sam' }, handlingSeconds: null });
    expect(await service.queue()).toEqual([]);
    expect(await codeOf(service.cancel('a', 'sam'))).toBe('409 HANDOFF_ILLEGAL_TRANSITION');
  });
});

describe('handoff priority', () => {
  const context = (partial: Partial<CustomerContext>): CustomerContext => ({
    customer: { id: 'c', name: 'Ada', source: 'demo', createdAt: '', updatedAt: '' },
    orders: [],
    churn: null,
    recommendations: [],
    ...partial,
  });
  const churn = (probability: number) => ({ probability, band: 'high' as const, drivers: [], model: 'test' });

  it('is churn probability × a year of subscription charges, or × recent order value', () => {
    expect(handoffPriority(null)).toBe(0);
    expect(handoffPriority(context({}))).toBe(0);
    const subscriber = context({ churn: churn(0.5) });
    subscriber.customer.subscription = { tenureMonths: 3, contract: 'Month-to-month', monthlyCharges: 50 };
    expect(handoffPriority(subscriber)).toBe(300);
    const order = (total: number, status: 'delivered' | 'cancelled') => ({ id: `o${total}`, customerId: 'c', placedAt: '', status, lines: [], total, currency: 'GBP' });
    expect(handoffPriority(context({ churn: churn(0.25), orders: [order(100, 'delivered'), order(60, 'cancelled'), order(20, 'delivered')] }))).toBe(30);
  });

  it('words the already-queued reply with the place in the queue', () => {
    expect(alreadyQueuedText('AB12CD34', 1)).toContain("You're next in the queue.");
    expect(alreadyQueuedText('AB12CD34', 3)).toContain('number 3 in the queue');
    expect(alreadyQueuedText('AB12CD34', null)).not.toMatch(/\s{2}/);
  });
});
