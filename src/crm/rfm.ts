// RFM loyalty scoring: recency, frequency and monetary value each scored 1–5 against quintile cut points of the
// whole customer base, and a named segment from the recency and frequency scores (the usual R×F grid).
//
// Scores come from values, not ranks: the cut points are the 20/40/60/80th percentiles (linear interpolation, as
// numpy's default), and a customer scores 1 + the number of cut points their value is above (recency reversed, so
// the most recent score 5). Equal values always get equal scores — on a shop where most customers bought once, the
// frequency quintiles collapse and many customers share F = 1, which is the honest answer.

export interface RfmInputs {
  /** Days since the last order (to the model's reference date). */
  recencyDays: number;
  /** Orders placed (cancelled and returned ones left out). */
  frequency: number;
  /** Lifetime value of those orders. */
  monetary: number;
}

export interface RfmCutPoints {
  recencyDays: number[];
  frequency: number[];
  monetary: number[];
}

export interface RfmScore {
  recency: number;
  frequency: number;
  monetary: number;
  /** The three scores as a code, e.g. "545". */
  score: string;
  segment: RfmSegment;
}

/** Every segment name rfmSegment can give (what retention rules may name); the type is derived from the list. */
export const RFM_SEGMENTS = [
  'Champions', 'Loyal', 'Potential loyalist', 'New customers', 'Promising', 'Need attention',
  'About to sleep', "Can't lose them", 'At risk', 'Hibernating', 'Lost',
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** The q-th quantile (0–1) of ascending values, interpolating linearly between ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The 20/40/60/80th percentiles. */
export function quintileCuts(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.2, 0.4, 0.6, 0.8].map((q) => quantile(sorted, q));
}

export function rfmCutPoints(customers: readonly RfmInputs[]): RfmCutPoints {
  return {
    recencyDays: quintileCuts(customers.map((c) => c.recencyDays)),
    frequency: quintileCuts(customers.map((c) => c.frequency)),
    monetary: quintileCuts(customers.map((c) => c.monetary)),
  };
}

/** 1 + how many cut points the value is above (higher is better). */
export function quintileScore(value: number, cuts: readonly number[]): number {
  return 1 + cuts.filter((c) => value > c).length;
}

/**
 * The R×F grid (monetary is scored and shown but does not pick the segment):
 * R 4–5 & F 4–5 Champions · R 3 & F 4–5 or R 4–5 & F 3 Loyal · R 4–5 & F 2 Potential loyalist · R 5 & F 1 New
 * customers · R 4 & F 1 Promising · R 3 & F 3 Need attention · R 3 & F 1–2 About to sleep · R 1–2 & F 5 Can't lose
 * them · R 1–2 & F 3–4 At risk · R 2 & F 1–2 Hibernating · R 1 & F 1–2 Lost.
 */
export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4 && f >= 4) return 'Champions';
  if ((r === 3 && f >= 4) || (r >= 4 && f === 3)) return 'Loyal';
  if (r >= 4 && f === 2) return 'Potential loyalist';
  if (r === 5) return 'New customers';
  if (r === 4) return 'Promising';
  if (r === 3 && f === 3) return 'Need attention';
  if (r === 3) return 'About to sleep';
  if (f === 5) return "Can't lose them";
  if (f >= 3) return 'At risk';
  return r === 2 ? 'Hibernating' : 'Lost';
}

export function scoreRfm(inputs: RfmInputs, cuts: RfmCutPoints): RfmScore {
  const recency = 6 - quintileScore(inputs.recencyDays, cuts.recencyDays);
  const frequency = quintileScore(inputs.frequency, cuts.frequency);
  const monetary = quintileScore(inputs.monetary, cuts.monetary);
  return { recency, frequency, monetary, score: `${recency}${frequency}${monetary}`, segment: rfmSegment(recency, frequency) };
}
