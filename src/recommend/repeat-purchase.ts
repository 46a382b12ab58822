// The customer's own repeat-purchase signal: score(i) = Σ over their invoices containing i of 2^(−age / halfLife),
// age measured back from `now`. halfLifeDays = Infinity gives the plain count ("items the customer bought before,
// by count", the strongest single baseline in the reference runs on this data). Only items already bought get a score.
// Reason: "you've ordered this N times".
import type { Interactions } from './interactions.js';
import { BaseRecommender, type UserHistory } from './types.js';

const DAY_MS = 86_400_000;

export interface RepeatPurchaseOptions {
  /** Days after which an invoice counts half (default Infinity = pure frequency). */
  halfLifeDays?: number;
}

export class RepeatPurchaseRecommender extends BaseRecommender {
  readonly name = 'repeat';
  readonly halfLifeDays: number;

  constructor(options: RepeatPurchaseOptions = {}) {
    super();
    this.halfLifeDays = options.halfLifeDays ?? Infinity;
  }

  protected train(_data: Interactions): void {
    // Nothing to learn: the signal is the customer's own history.
  }

  scoreInto(history: UserHistory, out: Float64Array, now: number): void {
    out.fill(0);
    const finite = Number.isFinite(this.halfLifeDays);
    const halfLifeMs = this.halfLifeDays * DAY_MS;
    for (let e = 0; e < history.items.length; e++) {
      const item = history.items[e]!;
      if (!finite) {
        out[item] = history.counts[e]!;
        continue;
      }
      let s = 0;
      for (let p = history.timesPtr[e]!; p < history.timesPtr[e + 1]!; p++) {
        const age = Math.max(0, now - history.times[p]!);
        s += Math.pow(2, -age / halfLifeMs);
      }
      // A floor keeps very old purchases ahead of items never bought, in frequency order.
      out[item] = s + history.counts[e]! * 1e-9;
    }
  }

  explain(history: UserHistory, item: number): string {
    const e = indexIn(history.items, item);
    const n = e >= 0 ? history.counts[e]! : 0;
    return timesPhrase(n);
  }
}

export function timesPhrase(n: number): string {
  if (n <= 0) return 'new for you';
  if (n === 1) return "you've ordered this before";
  return `you've ordered this ${n} times`;
}

/** Position of item in the ascending items array, -1 when absent. */
export function indexIn(items: Int32Array, item: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = items[mid]!;
    if (v === item) return mid;
    if (v < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
