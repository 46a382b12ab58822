// Next-purchase estimate: an exponential moving average of the gaps between a customer's orders, added to the last
// order. EMA_ALPHA = 0.3 lets the latest gaps count more than old ones without one odd gap swinging the estimate:
// s₁ = g₁, sₜ = α·gₜ + (1 − α)·sₜ₋₁.
export const EMA_ALPHA = 0.3;
const DAY_MS = 86_400_000;

/** EMA of the values in order; null for none. */
export function exponentialMovingAverage(values: readonly number[], alpha = EMA_ALPHA): number | null {
  if (values.length === 0) return null;
  let s = values[0]!;
  for (let i = 1; i < values.length; i++) s = alpha * values[i]! + (1 - alpha) * s;
  return s;
}

/** Days between consecutive distinct order times (any order given; orders at the same instant count once). */
export function interPurchaseGaps(orderTimes: readonly string[]): number[] {
  const times = [...new Set(orderTimes.map((t) => Date.parse(t)))].filter(Number.isFinite).sort((a, b) => a - b);
  return times.slice(1).map((t, i) => (t - times[i]!) / DAY_MS);
}

export interface NextPurchase {
  expectedAt: string;
  /** The EMA of the gaps, in days (one decimal). */
  meanGapDays: number;
}

/** Null until the customer has ordered at least twice. */
export function estimateNextPurchase(orderTimes: readonly string[], alpha = EMA_ALPHA): NextPurchase | null {
  const ema = exponentialMovingAverage(interPurchaseGaps(orderTimes), alpha);
  if (ema === null) return null;
  const last = Math.max(...orderTimes.map((t) => Date.parse(t)).filter(Number.isFinite));
  return { expectedAt: new Date(last + ema * DAY_MS).toISOString(), meanGapDays: Math.round(ema * 10) / 10 };
}
