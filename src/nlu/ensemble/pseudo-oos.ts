// Threshold rows that stand for out-of-scope questions on topics the model never saw (leave-intents-out). Out-of-
// scope rows in the validation set are about the same topics as the `oos` training rows, so a threshold tuned on them
// alone is too lax for new topics (BANKING77 split: 32% recall on unseen topics). Here a seeded share of the in-scope
// intents plays "unseen": each of their validation rows is scored with its own intent removed from the pooled
// distribution (renormalised), which is what the model would say if that intent did not exist — without retraining.
// Such a row counts as rejected when the oos class tops what remains, or when the top confidence is under the threshold.
import type { ThresholdScore } from '../calibration.js';
import { mulberry32, shuffleInPlace } from '../lexical/seeded-random.js';

export interface PseudoOosOptions {
  /** Share of the in-scope intents held out as unseen topics (0 = off). */
  fraction: number;
  seed: number;
}

export interface PseudoOosRows {
  scores: ThresholdScore[];
  /** The intents that played unseen topics (their rows are not in-scope rows for the threshold). */
  heldIntents: string[];
  pseudoRows: number;
}

/**
 * Threshold rows for every validation row: in-scope rows and real out-of-scope rows as usual, rows of the held-out
 * intents as pseudo out-of-scope. `logProbs` are pooled log-probabilities over `intents` (one per row).
 */
export function thresholdRowsWithUnseenTopics(
  intents: readonly string[],
  logProbs: readonly Float64Array[],
  labels: readonly string[],
  oosLabel: string,
  options: PseudoOosOptions,
): PseudoOosRows {
  const inScopeIntents = intents.filter((c) => c !== oosLabel);
  const order = [...inScopeIntents];
  shuffleInPlace(order, mulberry32(options.seed));
  const held = new Set(order.slice(0, Math.round(options.fraction * inScopeIntents.length)));
  const oosClass = intents.indexOf(oosLabel);
  let pseudoRows = 0;
  const scores = logProbs.map((lp, i): ThresholdScore => {
    const label = labels[i]!;
    const gold = intents.indexOf(label);
    const drop = held.has(label) ? gold : -1;
    let top = -1;
    for (let c = 0; c < lp.length; c++) if (c !== drop && (top < 0 || lp[c]! > lp[top]!)) top = c;
    if (drop >= 0) {
      pseudoRows += 1;
      const rest = 1 - Math.exp(lp[drop]!);
      const confidence = rest > 0 ? Math.min(1, Math.exp(lp[top]!) / rest) : 0;
      return { confidence, inScope: false, correct: top === oosClass };
    }
    const inScope = label !== oosLabel;
    return { confidence: Math.exp(lp[top]!), inScope, correct: inScope ? top === gold : top === oosClass };
  });
  return { scores, heldIntents: [...held].sort(), pseudoRows };
}
