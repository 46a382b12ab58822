// The outbox over the embedded store with a write failure injected: the turn is answered, the interactions it could
// not write are fsync'd to the outbox file, survive a restart of the outbox (a crash), and are stored exactly once
// when the store takes writes again — even when a record is delivered twice.
import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomerInsights } from '../../src/crm/customer-insights.js';
import { createResponseRenderer } from '../../src/dialogue/responses.js';
import { createTurnHandler } from '../../src/dialogue/turn-pipeline.js';
import { silentLogger } from '../../src/logger.js';
import { loadIntentCatalog } from '../../src/nlu/intent-catalog.js';
import { createEntityExtractor } from '../../src/nlu/entities.js';
import { liveIntentTrainer } from '../../src/nlu/live/live-trainer.js';
import { loadLiveModel } from '../../src/nlu/live/live-model-loading.js';
import { createLiveUnderstanding, LiveModelHolder } from '../../src/nlu/live/live-understanding.js';
import { degradedTurnStore } from '../../src/reliability/degraded-store.js';
import { createOutboxDrainer } from '../../src/reliability/outbox-drainer.js';
import { FileOutbox } from '../../src/reliability/outbox.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Interaction, Store } from '../../src/store/ports.js';

const root = join(import.meta.dirname, '..', '..');
let dataDir = '';
let raw: Store;
let failing = false;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-outbox-'));
  raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  // The injected fault: the embedded store's interaction and conversation writes fail as a full disk would.
  for (const [sub, method] of [['interactions', 'append'], ['interactions', 'appendMany'], ['conversations', 'update']] as const) {
    const target = raw[sub] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const real = target[method]!.bind(target);
    target[method] = (...args) => (failing ? Promise.reject(Object.assign(new Error('ENOSPC: injected write failure'), { code: 'ENOSPC' })) : real(...args));
  }
});

afterEach(async () => {
  failing = false;
  await raw.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function pieces() {
  const { store, health } = guardStore(raw, { timeoutMs: 2000, logger: silentLogger });
  const outbox = FileOutbox.open(dataDir, silentLogger);
  const drainer = createOutboxDrainer({ outbox, store, health, logger: silentLogger, minDelayMs: 5, maxDelayMs: 20 });
  return { store, health, outbox, drainer, turnStore: degradedTurnStore({ store, outbox, drainer, logger: silentLogger }) };
}

const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');

describe('outbox on the embedded store', () => {
  it('answers every turn while writes fail, keeps them on disk across a restart, and stores each exactly once', async () => {
    const first = pieces();
    const handleTurn = createTurnHandler({
      store: first.turnStore,
      nlu: createLiveUnderstanding(new LiveModelHolder((await loadLiveModel({ modelsDir: join(root, 'models'), intentsDir: join(root, 'intents'), trainer: liveIntentTrainer(), logger: silentLogger })).model), createEntityExtractor()),
      insights: createCustomerInsights({ store: first.turnStore, churnModel: null }),
      renderer: createResponseRenderer(loadIntentCatalog(join(root, 'intents'))),
      exampleFor: () => undefined,
      logger: silentLogger,
    });
    const before = await handleTurn({ channel: 'webchat', conversationId: 'conv-1', text: 'hello' });
    failing = true;
    let expected = 1 + before.replies.length;
    for (const text of ['how do I return an item?', 'thanks', 'what are your opening hours?']) {
      const result = await handleTurn({ channel: 'webchat', conversationId: 'conv-1', text });
      expect(result.replies.length).toBeGreaterThan(0);
      expect(result.action).not.toBe('error');
      expected += 1 + result.replies.length;
    }
    const waiting = expected - 1 - before.replies.length;
    expect(first.outbox.depth).toBe(waiting);
    expect(linesOf(join(dataDir, 'outbox', 'outbox.jsonl'))).toHaveLength(waiting);

    // A crash: the process goes away with the outbox undelivered; the next start reads it back from the file.
    first.drainer.stop();
    first.outbox.close();
    const second = pieces();
    expect(second.outbox.depth).toBe(waiting);
    failing = false;
    const delivered = await second.drainer.drainOnce();
    expect(delivered).toEqual({ delivered: waiting, remaining: 0 });
    expect(linesOf(join(dataDir, 'outbox', 'outbox.jsonl'))).toHaveLength(0);

    // Redelivery (a crash between delivering and rewriting the file) must not duplicate anything.
    const [again] = await raw.interactions.listByConversation('conv-1', { limit: 1 });
    second.outbox.add({ kind: 'interaction', doc: again as Interaction });
    await second.drainer.drainOnce();
    const stored = await raw.interactions.listByConversation('conv-1');
    expect(stored).toHaveLength(expected);
    expect(new Set(stored.map((i) => i.id)).size).toBe(expected);
    second.drainer.stop();
    second.outbox.close();
  });

  it('skips a line torn by a crash mid-write and keeps the whole records before it', async () => {
    const { outbox, drainer } = pieces();
    const at = new Date().toISOString();
    outbox.add({ kind: 'interaction', doc: { id: 'i-1', conversationId: 'c', channel: 'webchat', sender: 'customer', text: 'hi', at } });
    drainer.stop();
    outbox.close();
    appendFileSync(join(dataDir, 'outbox', 'outbox.jsonl'), '{"kind":"interaction","doc":{"id":"i-2","conv');
    const reopened = pieces();
    expect(reopened.outbox.list().map((r) => r.doc.id)).toEqual(['i-1']);
    reopened.drainer.stop();
    reopened.outbox.close();
  });
});
