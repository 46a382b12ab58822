// Shared shapes of recommend/: a customer's purchase history in index space, scored items, and the base class every
// model extends (fit on training interactions, score every item for a history, explain one item in a line).
import type { Basket, Interactions } from './interactions.js';

/** What a model knows about one customer: distinct items bought, how often and when last (aligned arrays). */
export interface UserHistory {
  items: Int32Array;
  /** Number of invoices that contained the item. */
  counts: Float64Array;
  /** Time (ms) of the latest invoice with the item. */
  lastTimes: Float64Array;
  /** Item e's invoice times are times[timesPtr[e] .. timesPtr[e + 1]) (timesPtr has items.length + 1 entries). */
  timesPtr: Int32Array;
  times: Float64Array;
}

export interface ScoredItem {
  itemId: string;
  name: string;
  unitPrice: number;
  score: number;
  reason: string;
}

export interface RecommendOptions {
  /** Item ids never to return (e.g. already in the cart, or everything bought before). */
  exclude?: ReadonlySet<string>;
  /** Reference time (ms) for recency and "this month"; defaults to just after the newest training basket. */
  now?: number;
}

export const EMPTY_HISTORY: UserHistory = {
  items: new Int32Array(0),
  counts: new Float64Array(0),
  lastTimes: new Float64Array(0),
  timesPtr: new Int32Array(1),
  times: new Float64Array(0),
};

/** "Now" when none is given: 1 ms after the newest training basket, so windows ending at now include it. */
export function defaultNow(data: Interactions): number {
  return data.maxTime + 1;
}

/** The training history of a known user (empty for an unknown one). */
export function historyOf(data: Interactions, customerId: string): UserHistory {
  const u = data.userIndex.get(customerId);
  if (u === undefined) return EMPTY_HISTORY;
  const start = data.userItems.indptr[u]!;
  const end = data.userItems.indptr[u + 1]!;
  return {
    items: data.userItems.indices.subarray(start, end),
    counts: data.userItems.values.subarray(start, end),
    lastTimes: data.userItemLastTime.subarray(start, end),
    timesPtr: data.userItemTimesPtr.subarray(start, end + 1),
    times: data.userItemTimes,
  };
}

/** A history from baskets that need not be in the training data (fold-in at run time); unknown items are skipped. */
export function historyFromBaskets(data: Interactions, baskets: readonly Basket[]): UserHistory {
  const acc = new Map<number, number[]>();
  for (const b of baskets) {
    const seen = new Set<number>();
    for (const line of b.lines) {
      const i = data.itemIndex.get(line.itemId);
      if (i === undefined || seen.has(i)) continue;
      seen.add(i);
      const times = acc.get(i);
      if (times) times.push(b.time);
      else acc.set(i, [b.time]);
    }
  }
  const ids = [...acc.keys()].sort((a, b) => a - b);
  const timesPtr = new Int32Array(ids.length + 1);
  const times: number[] = [];
  ids.forEach((i, e) => {
    times.push(...acc.get(i)!.sort((a, b) => a - b));
    timesPtr[e + 1] = times.length;
  });
  return {
    items: Int32Array.from(ids),
    counts: Float64Array.from(ids, (i) => acc.get(i)!.length),
    lastTimes: Float64Array.from(ids, (i) => Math.max(...acc.get(i)!)),
    timesPtr,
    times: Float64Array.from(times),
  };
}

/** Indices of the k highest positive scores, best first; masked items (mask[i] = 1) are skipped. */
export function topK(scores: Float64Array, k: number, mask?: Uint8Array): Int32Array {
  const best = new Int32Array(k).fill(-1);
  const bestScore = new Float64Array(k).fill(-Infinity);
  let filled = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!(s > 0) || (mask !== undefined && mask[i] === 1)) continue;
    if (filled === k && s <= bestScore[k - 1]!) continue;
    let pos = filled < k ? filled++ : k - 1;
    while (pos > 0 && bestScore[pos - 1]! < s) {
      best[pos] = best[pos - 1]!;
      bestScore[pos] = bestScore[pos - 1]!;
      pos--;
    }
    best[pos] = i;
    bestScore[pos] = s;
  }
  return best.slice(0, filled);
}

export abstract class BaseRecommender {
  abstract readonly name: string;
  protected data: Interactions | null = null;

  fit(train: Interactions): this {
    this.data = train;
    this.train(train);
    return this;
  }

  protected abstract train(data: Interactions): void;

  /** Writes a score for every item into out (length = item count); ≤ 0 means no evidence. */
  abstract scoreInto(history: UserHistory, out: Float64Array, now: number): void;

  /** One line saying why item was suggested for this history. */
  abstract explain(history: UserHistory, item: number, now: number): string;

  protected get fitted(): Interactions {
    if (!this.data) throw new Error(`${this.name}: fit() must be called before use`);
    return this.data;
  }

  /** Top-k item indices for a history (the evaluation's hot path: no reasons). */
  rank(history: UserHistory, k: number, mask?: Uint8Array, now?: number): Int32Array {
    const data = this.fitted;
    const scores = new Float64Array(data.items.length);
    this.scoreInto(history, scores, now ?? defaultNow(data));
    return topK(scores, k, mask);
  }

  recommend(customerId: string, k: number, options: RecommendOptions = {}): ScoredItem[] {
    return this.recommendForHistory(historyOf(this.fitted, customerId), k, options);
  }

  recommendForHistory(history: UserHistory, k: number, options: RecommendOptions = {}): ScoredItem[] {
    const data = this.fitted;
    const now = options.now ?? defaultNow(data);
    const scores = new Float64Array(data.items.length);
    this.scoreInto(history, scores, now);
    let mask: Uint8Array | undefined;
    if (options.exclude && options.exclude.size > 0) {
      mask = new Uint8Array(data.items.length);
      for (const id of options.exclude) {
        const i = data.itemIndex.get(id);
        if (i !== undefined) mask[i] = 1;
      }
    }
    return Array.from(topK(scores, k, mask), (i) => ({
      itemId: data.items[i]!,
      name: data.itemName[i]!,
      unitPrice: data.itemPrice[i]!,
      score: scores[i]!,
      reason: this.explain(history, i, now),
    }));
  }
}
