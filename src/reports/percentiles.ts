// Nearest-rank percentiles and safe ratios for report figures.

/** The nearest-rank p-th percentile (0 < p ≤ 100) of the values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** part / whole rounded to 4 decimals; null when the whole is zero (a rate of nothing is unknown, not 0). */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

export const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Reads a number from an aggregation row (missing → 0). */
export const num = (row: Record<string, unknown> | undefined, field: string): number => {
  const v = row?.[field];
  return typeof v === 'number' ? v : 0;
};
