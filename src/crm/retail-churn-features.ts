// Retail-behaviour churn: the label (no purchase in the last 90 days of the data) and per-customer features computed
// ONLY from lines strictly before the cut-off, so nothing that happens after it can leak into what the model sees.
import { groupByCustomer, type PurchaseLine } from '../recommend/interactions.js';

export const DAY_MS = 86_400_000;
/** The label window: a customer who buys nothing in the last this-many days of the data has churned. */
export const CHURN_WINDOW_DAYS = 90;

export const RETAIL_FEATURES = [
  'recencyDays', 'frequency', 'monetary', 'tenureDays', 'meanGapDays', 'lastGapDays', 'gapTrend',
  'invoicesLast90', 'invoicesPrev90', 'spendLast90', 'returnsShare', 'avgBasketValue', 'distinctItems',
] as const;
export type RetailFeatureName = (typeof RETAIL_FEATURES)[number];
export type RetailFeatures = Record<RetailFeatureName, number>;

/** A purchase line: not a cancellation, positive quantity and price. */
const isPurchase = (l: PurchaseLine) => !l.invoiceId.startsWith('C') && l.quantity > 0 && l.unitPrice > 0;
const isReturn = (l: PurchaseLine) => l.invoiceId.startsWith('C') || l.quantity < 0;

/**
 * Features of every customer with at least one purchase before `cutoff` (ms). Lines at or after the cut-off are
 * ignored here by construction; the caller never passes them on to the model.
 */
export function retailFeatures(lines: readonly PurchaseLine[], cutoff: number): Map<string, RetailFeatures> {
  const byCustomer = groupByCustomer(lines.filter((l) => l.timestamp < cutoff));
  const out = new Map<string, RetailFeatures>();
  for (const [customerId, own] of byCustomer) {
    const f = customerFeatures(own, cutoff);
    if (f) out.set(customerId, f);
  }
  return out;
}

/** One customer's features from their own lines before the cut-off; null when they bought nothing. */
export function customerFeatures(own: readonly PurchaseLine[], cutoff: number): RetailFeatures | null {
  const invoices = new Map<string, { time: number; value: number }>();
  const items = new Set<string>();
  let returned = 0;
  for (const l of own) {
    if (l.timestamp >= cutoff) continue;
    if (isPurchase(l)) {
      const inv = invoices.get(l.invoiceId) ?? { time: l.timestamp, value: 0 };
      inv.value += l.quantity * l.unitPrice;
      inv.time = Math.min(inv.time, l.timestamp);
      invoices.set(l.invoiceId, inv);
      items.add(l.itemId);
    } else if (isReturn(l)) returned += Math.abs(l.quantity * l.unitPrice);
  }
  if (invoices.size === 0) return null;
  const list = [...invoices.values()].sort((a, b) => a.time - b.time);
  const days = (ms: number) => ms / DAY_MS;
  const first = list[0]?.time ?? cutoff;
  const last = list.at(-1)?.time ?? cutoff;
  const gaps = list.slice(1).map((inv, i) => days(inv.time - (list[i]?.time ?? inv.time)));
  const monetary = list.reduce((s, inv) => s + inv.value, 0);
  const within = (from: number, to: number) => list.filter((inv) => inv.time >= cutoff - to * DAY_MS && inv.time < cutoff - from * DAY_MS);
  const meanGap = gaps.length > 0 ? gaps.reduce((a, b) => a + b, 0) / gaps.length : days(cutoff - first);
  const lastGap = gaps.at(-1) ?? days(cutoff - first);
  return {
    recencyDays: days(cutoff - last),
    frequency: list.length,
    monetary,
    tenureDays: days(cutoff - first),
    meanGapDays: meanGap,
    lastGapDays: lastGap,
    // > 1: the customer has been buying less often lately than they used to.
    gapTrend: lastGap / (meanGap + 1),
    invoicesLast90: within(0, 90).length,
    invoicesPrev90: within(90, 180).length,
    spendLast90: within(0, 90).reduce((s, inv) => s + inv.value, 0),
    returnsShare: returned / (monetary + returned),
    avgBasketValue: monetary / list.length,
    distinctItems: items.size,
  };
}

/** Churn labels: true for a customer with features who makes no purchase in [cutoff, end]. */
export function retailLabels(lines: readonly PurchaseLine[], cutoff: number, customers: Iterable<string>): Map<string, boolean> {
  const active = new Set<string>();
  for (const l of lines) if (l.timestamp >= cutoff && isPurchase(l)) active.add(l.customerId);
  return new Map([...customers].map((c) => [c, !active.has(c)]));
}

/** The cut-off: 90 days before the last timestamp in the data. */
export function retailCutoff(lines: readonly PurchaseLine[]): number {
  let end = -Infinity;
  for (const l of lines) if (l.timestamp > end) end = l.timestamp;
  return end - CHURN_WINDOW_DAYS * DAY_MS;
}

export const featureRow = (f: RetailFeatures): number[] => RETAIL_FEATURES.map((k) => f[k]);
