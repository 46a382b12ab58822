// When the bot should ask "did you mean A or B?": the top two intents are close and both plausible.
import type { IntentRanking } from '../types.js';
import type { ClarificationSettings } from './live-model-file.js';

/**
 * Stated values, measured on the held-out tests at every training (metrics.clarifyRate / clarifyHasGold): with
 * calibrated confidences, two intents within 0.2 of each other that both hold at least 0.25 are a real toss-up.
 */
export const DEFAULT_CLARIFICATION: ClarificationSettings = { margin: 0.2, floor: 0.25 };

export const CLARIFICATION_PROVENANCE = 'stated: ask when top − second < margin and both ≥ floor; measured on the held-out tests (clarifyRate, clarifyHasGold)';

/** The two intents to offer, best first, or null when the ranking is clear enough (or too weak) to act on. */
export function ambiguousPair(ranking: IntentRanking, settings: ClarificationSettings): [string, string] | null {
  const [first, second] = ranking;
  if (!first || !second) return null;
  if (second.confidence < settings.floor || first.confidence - second.confidence >= settings.margin) return null;
  return [first.intent, second.intent];
}

/** The ranking without the out-of-scope class: what the dialogue sees (confidences then sum to at most 1). */
export function inScopeRanking(ranking: IntentRanking, oosLabel: string | null): IntentRanking {
  return oosLabel === null ? ranking : ranking.filter((r) => r.intent !== oosLabel);
}
