// Delivers the outbox to the store: probes with ping, replays records oldest first, and on failure waits with
// exponential backoff (doubling up to a cap) before trying again. Replays are idempotent by id, so a record delivered
// just before a crash and replayed after the restart is still stored once.
import { isAppError } from '../app-error.js';
import { applyOfferToAccount } from '../crm/applied-offers.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { FileOutbox, OutboxRecord } from './outbox.js';
import { isOutage, type StoreHealth } from './store-guard.js';

export interface OutboxDrainer {
  /** Asks for a drain soon (after the current backoff, if any). */
  kick(): void;
  /** One attempt now: returns how many records were delivered and how many remain. */
  drainOnce(): Promise<{ delivered: number; remaining: number }>;
  stop(): void;
}

export interface DrainerOptions {
  outbox: FileOutbox;
  /** The guarded store: its ping is the probe that ends an outage. */
  store: Store;
  health: StoreHealth;
  logger: Logger;
  minDelayMs?: number;
  maxDelayMs?: number;
}

async function deliver(store: Store, record: OutboxRecord): Promise<void> {
  if (record.kind === 'interaction') return store.interactions.append(record.doc);
  // Idempotent: an offer already on the record (delivered before a crash) is not added again.
  if (record.kind === 'appliedOffer') return void (await applyOfferToAccount(store, record.doc.customerId, record.doc.offer, new Date()));
  try {
    await store.conversations.create(record.doc);
  } catch (error) {
    // The create that timed out may have reached the store after all: then it is already there.
    if (!(isAppError(error) && error.code === 'DUPLICATE_ID')) throw error;
  }
}

export function createOutboxDrainer(options: DrainerOptions): OutboxDrainer {
  const { outbox, store, health, logger } = options;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let delay = minDelay;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ delivered: number; remaining: number }> | undefined;
  let stopped = false;

  async function attempt(): Promise<{ delivered: number; remaining: number }> {
    let delivered = 0;
    if (!health.up) {
      try {
        await store.ping();
      } catch {
        return { delivered, remaining: outbox.depth };
      }
    }
    const done: OutboxRecord[] = [];
    for (const record of outbox.list()) {
      try {
        await deliver(store, record);
      } catch (error) {
        if (isOutage(error)) break;
        // A record the store refuses for good would block every record behind it: log it (no content) and drop it.
        logger.error('outbox.record.rejected', { kind: record.kind, id: record.doc.id, code: isAppError(error) ? error.code : undefined });
      }
      done.push(record);
      delivered += 1;
      // One file rewrite per batch, not per record; a crash before it only means some records are delivered twice.
      if (done.length >= 200) outbox.remove(done.splice(0));
    }
    outbox.remove(done);
    const remaining = outbox.depth;
    if (delivered > 0) logger.info('outbox.drained', { delivered, remaining });
    return { delivered, remaining };
  }

  function schedule(ms: number): void {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void drainOnce().then(({ remaining }) => {
        if (remaining === 0 && health.up) {
          delay = minDelay;
          return;
        }
        delay = Math.min(delay * 2, maxDelay);
        logger.warn('outbox.pending', { depth: remaining, storeUp: health.up, retryInMs: delay });
        schedule(delay);
      });
    }, ms);
    timer.unref();
  }

  function drainOnce(): Promise<{ delivered: number; remaining: number }> {
    running ??= attempt()
      .catch((error: unknown) => {
        logger.error('outbox.drain.failed', { err: error });
        return { delivered: 0, remaining: outbox.depth };
      })
      .finally(() => (running = undefined));
    return running;
  }

  health.onUp(() => {
    delay = minDelay;
    if (outbox.depth > 0) schedule(0);
  });
  // While the store is down something has to probe it, outbox or not: the guard fails every call until a ping passes.
  health.onDown(() => schedule(delay));
  if (outbox.depth > 0) schedule(0);

  return {
    kick: () => schedule(delay),
    drainOnce,
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
