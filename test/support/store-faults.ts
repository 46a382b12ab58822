// Fault injection for store tests: makes a store's methods fail on demand (as a full disk or a dead database would),
// asking `faultFor` on every call which error to throw, if any.
import type { Store } from '../../src/store/ports.js';

type SubStore = 'customers' | 'products' | 'orders' | 'interactions' | 'conversations' | 'handoffs';

/** Wraps every method of the named sub-stores in place; `faultFor` returns the error for a call, or null to run it. */
export function injectFaults(store: Store, subs: readonly SubStore[], faultFor: (sub: SubStore, method: string) => Error | null): void {
  for (const sub of subs) {
    const target = store[sub] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const [method, fn] of Object.entries(target)) {
      const real = fn.bind(target);
      target[method] = (...args) => {
        const fault = faultFor(sub, method);
        return fault ? Promise.reject(fault) : real(...args);
      };
    }
  }
}
