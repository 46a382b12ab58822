// Scores a model on a hold-out split: for each held-out customer, score the catalogue from their training history and
// compare the top k with the items of their held-out invoice.
// Two modes. repeats included (the headline): every held-out item is relevant, including items the customer bought
// before — re-ordering is most of what this shop's customers do. Repeats excluded: items in the customer's training
// history are removed from the relevant set and masked out of the ranking; customers left with nothing are skipped.
// Held-out items unknown to the training data stay in the relevant set (they count against recall and NDCG).
import type { Basket, Interactions } from './interactions.js';
import { MetricsAccumulator } from './metrics.js';
import { historyOf, topK, type UserHistory } from './types.js';

/**
 * Writes a score for every catalogue item for this history (higher = better, ≤ 0 = not recommended). `now` is the
 * held-out invoice's time: what a live system knows when the customer asks (never the basket itself).
 */
export type Scorer = (history: UserHistory, out: Float64Array, now: number) => void;

export interface EvalResult {
  ndcg: number;
  hr: number;
  recall: number;
  coverage: number;
  users: number;
}

/** Held-out items as training item indices; unknown items get distinct negative ids. */
export function relevantItems(data: Interactions, basket: Basket): Set<number> {
  const relevant = new Set<number>();
  let unknown = -1;
  for (const line of basket.lines) relevant.add(data.itemIndex.get(line.itemId) ?? unknown--);
  return relevant;
}

export interface EvalPair {
  /** Headline: every held-out item is relevant. */
  withRepeats: EvalResult;
  /** Items of the customer's training history removed from the relevant set and masked out of the ranking. */
  repeatsExcluded: EvalResult;
}

/** Both modes from one scoring pass per customer (scoring is the expensive part). */
export function evaluateScorer(score: Scorer, data: Interactions, test: ReadonlyMap<string, Basket>, k = 10): EvalPair {
  const withRepeats = new MetricsAccumulator(k);
  const excluded = new MetricsAccumulator(k);
  const scores = new Float64Array(data.items.length);
  const mask = new Uint8Array(data.items.length);
  for (const [customerId, basket] of test) {
    const history = historyOf(data, customerId);
    const relevant = relevantItems(data, basket);
    score(history, scores, basket.time);
    withRepeats.add(topK(scores, k), relevant);
    for (const i of history.items) {
      mask[i] = 1;
      relevant.delete(i);
    }
    if (relevant.size > 0) excluded.add(topK(scores, k, mask), relevant);
    for (const i of history.items) mask[i] = 0;
  }
  return { withRepeats: withRepeats.result(data.items.length), repeatsExcluded: excluded.result(data.items.length) };
}
