// Timeouts and a circuit breaker on every store call: a slow store answers STORE_TIMEOUT after STORE_TIMEOUT_MS
// instead of holding a customer's turn, and once the store has failed, calls fail at once (STORE_UNAVAILABLE) until
// a ping gets through again — without that, every step of a turn would wait out its own timeout during an outage.
import { AppError, isAppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';

/** Whether the store answered last time; the outbox drainer probes with `ping` while it is down. */
export interface StoreHealth {
  readonly up: boolean;
  /** Called (once per recovery) when a ping succeeds after an outage. */
  onUp(listener: () => void): void;
  /** Called when a call first fails with an outage. */
  onDown(listener: () => void): void;
}

const SUB_STORES = ['customers', 'products', 'orders', 'interactions', 'conversations', 'handoffs', 'users', 'audit', 'labels', 'customerData'] as const;

/** Errors that say "the store is not there" (as opposed to "your request was wrong"). */
export function isOutage(error: unknown): boolean {
  if (!isAppError(error)) return true; // an I/O error from the database layer
  return error.code === 'STORE_UNAVAILABLE' || error.code === 'STORE_TIMEOUT';
}

/**
 * Errors that open the circuit: the store reported itself unreachable or slow, or the file system failed (ENOSPC,
 * EIO, …). A bug (a TypeError, a refused query) is not a reason to stop every other call.
 */
export function tripsBreaker(error: unknown): boolean {
  if (isAppError(error)) return error.code === 'STORE_UNAVAILABLE' || error.code === 'STORE_TIMEOUT';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

export function withTimeout<R>(work: Promise<R>, ms: number, what: string): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('STORE_TIMEOUT', `The store did not answer ${what} within ${ms} ms`, { status: 503 })), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

export function guardStore(store: Store, options: { timeoutMs: number; logger: Logger }): { store: Store; health: StoreHealth } {
  const { timeoutMs, logger } = options;
  let up = true;
  const listeners: (() => void)[] = [];
  const downListeners: (() => void)[] = [];
  const markDown = (error: unknown, what: string) => {
    if (!up) return;
    up = false;
    logger.warn('store.down', { what, code: isAppError(error) ? error.code : 'IO', reason: error instanceof Error ? error.message : String(error) });
    for (const listener of downListeners) listener();
  };
  const markUp = () => {
    if (up) return;
    up = true;
    logger.info('store.up', {});
    for (const listener of listeners) listener();
  };

  // One slow call (a big report) is not an outage: a timeout only opens the circuit when a ping times out too.
  let probing = false;
  const probe = () => {
    if (probing || !up) return;
    probing = true;
    withTimeout(store.ping(), timeoutMs, 'ping')
      .catch((error: unknown) => markDown(error, 'ping'))
      .finally(() => (probing = false));
  };

  function wrap(name: string, fn: AnyFn): AnyFn {
    return async (...args) => {
      if (!up) throw new AppError('STORE_UNAVAILABLE', `The store is unavailable (${name} not attempted; waiting for it to come back)`, { status: 503 });
      try {
        return await withTimeout(fn(...args), timeoutMs, name);
      } catch (error) {
        if (isAppError(error) && error.code === 'STORE_TIMEOUT') probe();
        else if (tripsBreaker(error)) markDown(error, name);
        throw error;
      }
    };
  }

  // Parts of the store this guard does not know (added later) pass through unchanged rather than disappear.
  const guarded: Record<string, unknown> = { ...store };
  for (const sub of SUB_STORES) {
    const source = store[sub] as unknown as Record<string, AnyFn>;
    guarded[sub] = Object.fromEntries(Object.entries(source).map(([method, fn]) => [method, wrap(`${sub}.${method}`, fn.bind(source))]));
  }
  // The probe: always attempted, even while down, and the one call that brings the store back up.
  guarded.ping = async () => {
    try {
      await withTimeout(store.ping(), timeoutMs, 'ping');
    } catch (error) {
      markDown(error, 'ping');
      throw error;
    }
    markUp();
  };
  guarded.close = () => store.close();

  const health: StoreHealth = {
    get up() {
      return up;
    },
    onUp: (listener) => void listeners.push(listener),
    onDown: (listener) => void downListeners.push(listener),
  };
  return { store: guarded as unknown as Store, health };
}
