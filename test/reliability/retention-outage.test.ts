// Accepting a retention offer while the store fails, through the real turn pipeline on the embedded store:
// - the customer record cannot be written: the acceptance goes to the durable outbox, the customer is told it will
//   show shortly, and the drainer puts it on the record once (leaving again is then answered with a reminder);
// - the store cannot even be read: the Accept cannot be matched to the offer, nothing is applied, and the customer is
//   told so (and to press again) instead of getting an unrelated answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { reliableOfferAccounts } from '../../src/reliability/offer-accounts.js';
import { loadChurnScorer } from '../../src/crm/churn-model-file.js';
import { createCustomerInsights } from '../../src/crm/customer-insights.js';
import { createResponseRenderer } from '../../src/dialogue/responses.js';
import { ACCEPT_VALUE } from '../../src/dialogue/retention-turn.js';
import { createTurnHandler } from '../../src/dialogue/turn-pipeline.js';
import type { TurnHandler } from '../../src/dialogue/types.js';
import { silentLogger } from '../../src/logger.js';
import { loadIntentCatalog } from '../../src/nlu/intent-catalog.js';
import { createEntityExtractor } from '../../src/nlu/entities.js';
import { liveIntentTrainer } from '../../src/nlu/live/live-trainer.js';
import { loadLiveModel } from '../../src/nlu/live/live-model-loading.js';
import { createLiveUnderstanding, LiveModelHolder } from '../../src/nlu/live/live-understanding.js';
import { parseOfferRules } from '../../src/recommend/retention-offers.js';
import { currentDegradedReads, degradedInsights, degradedTurnStore, trackDegradation } from '../../src/reliability/degraded-store.js';
import { createOutboxDrainer, type OutboxDrainer } from '../../src/reliability/outbox-drainer.js';
import { FileOutbox } from '../../src/reliability/outbox.js';
import { guardStore } from '../../src/reliability/store-guard.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/ports.js';
import { injectFaults } from '../support/store-faults.js';

const root = join(import.meta.dirname, '..', '..');
const rules = parseOfferRules('offers:\n  - name: anyone at risk\n    when: { minChurn: 0.1 }\n    offer: { id: upgrade, title: a free upgrade, text: Have a free upgrade, validForDays: 90 }\n', 'test');
let dataDir = '';
let raw: Store;
let outbox: FileOutbox;
let drainer: OutboxDrainer;
/** Which raw store methods fail (as a full disk or a dead database would). */
let failing = new Set<string>();

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-retention-outage-'));
  raw = await createEmbeddedStore({ dataDir, logger: silentLogger });
  const at = new Date().toISOString();
  await raw.customers.upsertMany([{ id: 'c-olive', name: 'Olive Outage', email: 'olive@example.com', source: 'manual', createdAt: at, updatedAt: at, subscription: { tenureMonths: 2, contract: 'Month-to-month', monthlyCharges: 95, totalCharges: 190, internetService: 'Fiber optic' } }]);
  injectFaults(raw, ['customers', 'orders', 'interactions', 'conversations'], (sub, method) =>
    failing.has(`${sub}.${method}`) || failing.has(sub) ? Object.assign(new Error('EIO: injected'), { code: 'EIO' }) : null);
});

afterEach(async () => {
  failing = new Set();
  drainer.stop();
  outbox.close();
  await raw.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function chat(): Promise<TurnHandler> {
  const { store, health } = guardStore(raw, { timeoutMs: 2000, logger: silentLogger });
  outbox = FileOutbox.open(dataDir, silentLogger);
  drainer = createOutboxDrainer({ outbox, store, health, logger: silentLogger, minDelayMs: 60_000, maxDelayMs: 60_000 });
  const turnStore = degradedTurnStore({ store, outbox, drainer, logger: silentLogger });
  const model = (await loadLiveModel({ modelsDir: join(root, 'models'), intentsDir: join(root, 'intents'), trainer: liveIntentTrainer(), logger: silentLogger })).model;
  return trackDegradation(createTurnHandler({
    store: turnStore,
    nlu: createLiveUnderstanding(new LiveModelHolder(model), createEntityExtractor()),
    insights: degradedInsights(createCustomerInsights({ store: turnStore, churnModel: loadChurnScorer(join(root, 'models'), silentLogger) }), silentLogger),
    renderer: createResponseRenderer(loadIntentCatalog(join(root, 'intents'))),
    exampleFor: () => undefined,
    logger: silentLogger,
    retention: { rules, highValue: { enabled: false, minChurn: 0.6, minValue: 1000 } },
    offerAccounts: reliableOfferAccounts({ store, outbox, drainer, logger: silentLogger }),
    degradedReads: currentDegradedReads,
  }));
}

const say = (handle: TurnHandler, text: string) => handle({ channel: 'webchat', conversationId: 'conv-1', userRef: 'olive@example.com', text });

it('keeps an Accept whose record write fails in the outbox and applies it once when the store is back; leaving again is then reminded', async () => {
  const handle = await chat();
  const offered = await say(handle, 'I want to cancel my contract');
  expect(offered.replies[0]?.text).toBe('Have a free upgrade');

  failing = new Set(['customers.setRetention']);
  const accepted = await say(handle, ACCEPT_VALUE);
  expect(accepted.action).toBe('retain');
  expect(accepted.replies[0]?.text).toMatch(/I've recorded that you accept a free upgrade\. Our account system is catching up/);
  expect(outbox.offersOf('c-olive')).toMatchObject([{ id: 'upgrade', conversationId: 'conv-1' }]);
  expect((await raw.customers.get('c-olive'))?.retention).toBeUndefined();

  failing = new Set();
  // The failed write opened the circuit: the drain's ping closes it, then the offer (and any waiting message) lands.
  const drained = await drainer.drainOnce();
  expect(drained.remaining).toBe(0);
  expect((await raw.customers.get('c-olive'))?.retention?.offers).toMatchObject([{ id: 'upgrade', title: 'a free upgrade', conversationId: 'conv-1' }]);
  const again = await say(handle, 'I want to cancel my contract');
  expect(again.replies[0]?.text).toMatch(/^You already have a free upgrade on your account/);
  expect((await raw.customers.get('c-olive'))?.retention?.offers).toHaveLength(1);
  const marks = (await raw.interactions.listByConversation('conv-1')).flatMap((i) => (i.offer ? [`${i.offer.id} ${i.offer.status}`] : []));
  expect(marks).toEqual(['upgrade offered', 'upgrade accepted']);
});

it('tells the customer nothing was applied when the store cannot be read at all, and applies it when they press again', async () => {
  const handle = await chat();
  await say(handle, 'I want to cancel my contract');

  failing = new Set(['customers', 'interactions', 'conversations']);
  const unreachable = await say(handle, ACCEPT_VALUE);
  expect(unreachable.replies[0]?.text).toMatch(/^I can't reach your account just now, so I can't add the offer to it this minute — nothing has been changed/);
  expect(unreachable.replies[0]?.suggestedActions?.map((a) => a.title)).toEqual(['Accept', 'Talk to a person']);
  expect(outbox.offersOf('c-olive')).toEqual([]);

  failing = new Set();
  await drainer.drainOnce();
  // The reply above was recorded (in the outbox, now delivered) without an offer mark, so the offer still stands.
  const retried = await say(handle, ACCEPT_VALUE);
  expect(retried.replies[0]?.text).toMatch(/a free upgrade is now on your account/i);
  expect((await raw.customers.get('c-olive'))?.retention?.offers).toHaveLength(1);
});
