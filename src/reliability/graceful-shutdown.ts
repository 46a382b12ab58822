// Graceful shutdown: stop taking connections, let the turns in flight finish (up to a deadline), make one last attempt
// to deliver the outbox, then close the store. What the outbox still holds stays on disk for the next start.
import type { Server } from 'node:http';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { OutboxDrainer } from './outbox-drainer.js';
import type { FileOutbox } from './outbox.js';

/**
 * Counts requests that have not finished, so shutdown knows when the last turn has been answered. Event streams (the
 * agent console's live queue) never finish by themselves: they are not waited for, and end with their connections.
 */
export function trackInFlight(server: Server): { readonly count: number; idle(): Promise<void> } {
  let count = 0;
  let waiters: (() => void)[] = [];
  server.on('request', (req, res) => {
    if (req.headers.accept?.includes('text/event-stream')) return;
    count += 1;
    res.once('close', () => {
      count -= 1;
      if (count === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    });
  });
  return {
    get count() {
      return count;
    },
    idle: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

export interface ShutdownParts {
  server: Server;
  inFlight: ReturnType<typeof trackInFlight>;
  timeoutMs: number;
  drainer: OutboxDrainer;
  outbox: FileOutbox;
  store: Store;
  logger: Logger;
}

export type BackgroundParts = Pick<ShutdownParts, 'timeoutMs' | 'drainer' | 'outbox' | 'store'>;

/** Once no request can arrive: stop the drainer, give the outbox a bounded last drain, close store and outbox. */
export async function closeBackground(parts: BackgroundParts): Promise<void> {
  parts.drainer.stop();
  if (parts.outbox.depth > 0) {
    // Bounded like the turns: whatever is not delivered in time stays on disk for the next start.
    let drainTimer: NodeJS.Timeout | undefined;
    await Promise.race([parts.drainer.drainOnce(), new Promise((resolve) => (drainTimer = setTimeout(resolve, parts.timeoutMs)))]);
    clearTimeout(drainTimer);
  }
  await parts.store.close();
  parts.outbox.close();
}

export async function closeGracefully(parts: ShutdownParts): Promise<void> {
  const { server, inFlight, logger } = parts;
  const started = performance.now();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections with no request on them would hold close() open; busy ones finish their request first.
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), parts.timeoutMs)));
  const finished = await Promise.race([inFlight.idle().then(() => 'idle' as const), deadline]);
  clearTimeout(timer);
  if (finished === 'timeout') logger.warn('shutdown.timeout', { unfinished: inFlight.count, timeoutMs: parts.timeoutMs });
  server.closeAllConnections();
  await closed;
  await closeBackground(parts);
  logger.info('shutdown.done', { ms: Math.round(performance.now() - started), outboxDepth: parts.outbox.depth });
}
