// The one out-of-scope rule every classifier's answer goes through: the top intent is rejected when there is none,
// when it is the out-of-scope class, or when its confidence is under the threshold. Used by the lexical and ensemble
// classifiers, the live understanding step and the held-out evaluation, so they cannot drift apart.
import type { IntentRanking, IntentScore } from './types.js';

export interface OutOfScopeRule {
  /** Answer when the top confidence is >= threshold; 0 = never reject on confidence. */
  readonly threshold: number;
  /** The class that means "out of scope" when training had one; predicting it is a rejection. */
  readonly oosLabel: string | null;
}

/** A decision: the intent to answer, or null when the message is rejected as out of scope. */
export interface IntentDecision {
  intent: string | null;
  confidence: number;
  ranking: IntentRanking;
}

export function isRejected(top: IntentScore | undefined, rule: OutOfScopeRule): boolean {
  return !top || top.intent === rule.oosLabel || top.confidence < rule.threshold;
}

/** The rule applied to a ranking: its top intent, or null when rejected. */
export function decideRanking(ranking: IntentRanking, rule: OutOfScopeRule): IntentDecision {
  const top = ranking[0];
  return { intent: !top || isRejected(top, rule) ? null : top.intent, confidence: top?.confidence ?? 0, ranking };
}
