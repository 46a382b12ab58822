// The two numbers that turn raw classifier scores into decisions: a softmax temperature (fitted so confidences
// mean something) and the confidence threshold below which a message is treated as out of scope.
import { rankScores } from './naive-bayes-classifier.js';

export interface ScoredExample {
  /** Log scores per class, in the classifier's intent order. */
  scores: ArrayLike<number>;
  /** Index of the gold class in that order. */
  gold: number;
}

/** Log-spaced temperatures from 0.5 to ~500; a fixed grid keeps training deterministic. */
export const TEMPERATURE_GRID: readonly number[] = Array.from({ length: 61 }, (_, i) => Math.round(0.5 * 10 ** (i / 20) * 1000) / 1000);

/** Mean negative log-likelihood of the gold classes under a temperature-scaled softmax. */
export function meanNll(examples: readonly ScoredExample[], temperature: number): number {
  if (examples.length === 0) return 0;
  let total = 0;
  for (const { scores, gold } of examples) {
    let max = -Infinity;
    for (let i = 0; i < scores.length; i++) max = Math.max(max, (scores[i] ?? 0) / temperature);
    let sum = 0;
    for (let i = 0; i < scores.length; i++) sum += Math.exp((scores[i] ?? 0) / temperature - max);
    total -= (scores[gold] ?? 0) / temperature - max - Math.log(sum);
  }
  return total / examples.length;
}

/** The grid temperature with the lowest mean NLL (the smallest one on a tie). */
export function fitTemperature(examples: readonly ScoredExample[], grid: readonly number[] = TEMPERATURE_GRID): number {
  let best = grid[0] ?? 1;
  let bestNll = Infinity;
  for (const t of grid) {
    const nll = meanNll(examples, t);
    if (nll < bestNll - 1e-12) {
      best = t;
      bestNll = nll;
    }
  }
  return best;
}

/**
 * The highest threshold that still answers at least `minAnsweredRate` of the given in-scope messages, i.e. the
 * confidence of the k-th least confident message, k = floor((1 − rate) · n); rounded down to 4 decimals so the
 * guarantee survives rounding. Messages with confidence >= threshold are answered.
 */
export function thresholdKeepingAnswered(confidences: readonly number[], minAnsweredRate: number): number {
  if (confidences.length === 0) return 0;
  const sorted = [...confidences].sort((a, b) => a - b);
  const k = Math.floor((1 - minAnsweredRate) * sorted.length + 1e-9);
  const t = sorted[k];
  if (t === undefined) return 1;
  return Math.floor(t * 10_000) / 10_000;
}

/** Top confidence of each example under a temperature. */
export function topConfidences(intents: readonly string[], examples: readonly ScoredExample[], temperature: number): number[] {
  return examples.map((e) => rankScores(intents, e.scores, temperature)[0]?.confidence ?? 0);
}
