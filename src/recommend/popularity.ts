// Popularity: the same list for everyone. All-time: items ranked by how many distinct customers bought them (the
// reference baseline). With windowDays set: by how many invoices contained the item in the windowDays before `now`
// (strictly before, so an evaluation that passes the held-out invoice's time as `now` never counts the future);
// the all-time count breaks ties and fills the list when the window is empty.
import type { Interactions } from './interactions.js';
import { BaseRecommender, type UserHistory } from './types.js';

const DAY_MS = 86_400_000;

export interface PopularityOptions {
  /** Count only the last N days before `now`; undefined = all training data. */
  windowDays?: number;
}

export class PopularityRecommender extends BaseRecommender {
  readonly name = 'popularity';
  private allTime = new Float64Array(0);
  /** Every (invoice, item) occurrence in time order, for window counts. */
  private eventTimes = new Float64Array(0);
  private eventItems = new Int32Array(0);
  private cache: { now: number; scores: Float64Array } | null = null;
  private readonly windowDays: number | undefined;

  constructor(options: PopularityOptions = {}) {
    super();
    this.windowDays = options.windowDays;
  }

  protected train(data: Interactions): void {
    const n = data.items.length;
    let max = 1;
    this.allTime = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.allTime[i] = data.itemUsers.indptr[i + 1]! - data.itemUsers.indptr[i]!;
      max = Math.max(max, this.allTime[i]!);
    }
    this.cache = null;
    if (this.windowDays === undefined) return;
    // Inside a window, all-time popularity only breaks ties: scaled below one invoice.
    for (let i = 0; i < n; i++) this.allTime[i]! *= 1e-3 / max;
    const total = data.baskets.reduce((s, b) => s + b.items.length, 0);
    this.eventTimes = new Float64Array(total);
    this.eventItems = new Int32Array(total);
    let e = 0;
    for (const b of data.baskets) {
      for (const i of b.items) {
        this.eventTimes[e] = b.time;
        this.eventItems[e++] = i;
      }
    }
  }

  /** Popularity of every item at time now (distinct buyers all-time, or invoices in the window). */
  itemScores(now: number): Float64Array {
    if (this.windowDays === undefined) return this.allTime;
    if (this.cache?.now === now) return this.cache.scores;
    const scores = this.allTime.slice();
    const from = lowerBound(this.eventTimes, now - this.windowDays * DAY_MS);
    const to = lowerBound(this.eventTimes, now);
    for (let e = from; e < to; e++) scores[this.eventItems[e]!]! += 1;
    this.cache = { now, scores };
    return scores;
  }

  scoreInto(_history: UserHistory, out: Float64Array, now: number): void {
    out.set(this.itemScores(now));
  }

  explain(_history: UserHistory, item: number, now: number): string {
    if (this.windowDays === undefined) return 'one of our best sellers';
    const inWindow = this.itemScores(now)[item]! >= 1;
    if (!inWindow) return 'one of our best sellers';
    return this.windowDays <= 31 ? 'popular this month' : `popular in the last ${this.windowDays} days`;
  }
}

/** First index whose value is ≥ x in an ascending array. */
function lowerBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
