// Position updates: when someone ahead leaves the queue, each waiting customer whose place improved is told once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHandoffEvents, type HandoffEvents } from '../../src/handoff/handoff-events.js';
import { requestHandoff } from '../../src/handoff/handoff-requests.js';
import { createHandoffService, type HandoffService } from '../../src/handoff/handoff-service.js';
import { startQueueNotifier, type QueueNotifier } from '../../src/handoff/queue-notifier.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Conversation, Store } from '../../src/store/ports.js';

let dataDir: string;
let store: Store;
let events: HandoffEvents;
let service: HandoffService;
let notifier: QueueNotifier;
let clock = Date.parse('2026-11-23T10:00:00Z');

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-notifier-'));
  store = await createEmbeddedStore({ dataDir, logger: silentLogger });
  events = createHandoffEvents();
  service = createHandoffService({ store, events, now: () => new Date(clock) });
  notifier = startQueueNotifier({ store, events, now: () => new Date(clock) });
});
afterEach(async () => {
  notifier.stop();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function queue(id: string): Promise<void> {
  clock += 1000;
  const at = new Date(clock).toISOString();
  const conversation: Conversation = { id, channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: at, lastMessageAt: at };
  await store.conversations.create(conversation);
  await requestHandoff(store, conversation, { trigger: 'customer_request', reason: 'asked' }, new Date(clock));
  events.publish({ type: 'queued', conversationId: id });
  await notifier.idle();
}

const updates = async (id: string) => (await store.interactions.listByConversation(id)).filter((i) => i.action === 'queue_update').map((i) => i.text);

it('tells the customers behind a claimed conversation their new place, once per change', async () => {
  await queue('a');
  await queue('b');
  await queue('c');
  await service.claim('a', 'ann');
  await notifier.idle();
  expect(await updates('b')).toEqual(["Update: You're next in the queue."]);
  expect(await updates('c')).toEqual(["Update: You're number 2 in the queue."]);
  expect(await updates('a')).toEqual([]);

  // A newcomer joins behind: nobody's place improved, nobody is told anything.
  await queue('d');
  expect(await updates('d')).toEqual([]);
  await service.cancel('c', 'ann');
  await notifier.idle();
  expect(await updates('b')).toHaveLength(1);
  expect(await updates('d')).toEqual(["Update: You're number 2 in the queue."]);
});
