// Binning for the additive booster (additive-boosting.ts): numeric values cut at quantiles, categories listed by
// name. Bin 0 is always "missing or unseen", so a blank value or a category the training rows never had scores 0
// (the average customer) instead of borrowing another bin's score.
import { z } from 'zod';
import { binOf as searchCuts } from './decision-tree.js';

export type AdditiveValue = number | string | null | undefined;

export const additiveFeatureSchema = z.discriminatedUnion('kind', [
  /** Upper edges of bins 1…: bin b (b ≥ 1) holds cuts[b-2] < x ≤ cuts[b-1]. `pairCuts` is the coarser grid for pairs. */
  z.object({ name: z.string(), kind: z.literal('numeric'), cuts: z.array(z.number()), pairCuts: z.array(z.number()) }),
  z.object({ name: z.string(), kind: z.literal('categorical'), categories: z.array(z.string()) }),
]);
export type AdditiveFeature = z.infer<typeof additiveFeatureSchema>;

/** Quantile cut points giving at most `maxBins` bins over the finite values (every distinct value when few). */
export function quantileCuts(values: number[], maxBins: number): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  if (distinct.length <= maxBins) return distinct.slice(0, -1).map((v, i) => (v + (distinct[i + 1] ?? v)) / 2);
  const cuts = new Set<number>();
  for (let b = 1; b < maxBins; b++) cuts.add(sorted[Math.floor((b * sorted.length) / maxBins)] ?? 0);
  return [...cuts].filter((v) => v < (sorted.at(-1) ?? 0)).sort((a, b) => a - b);
}

/** Describes one column of training values: numeric when every present value is a number. */
export function describeFeature(name: string, values: AdditiveValue[], maxBins: number, pairBins: number): AdditiveFeature {
  const present = values.filter((v): v is number | string => v !== null && v !== undefined);
  if (present.every((v) => typeof v === 'number')) {
    const xs = present as number[];
    return { name, kind: 'numeric', cuts: quantileCuts(xs, maxBins), pairCuts: quantileCuts(xs, pairBins) };
  }
  return { name, kind: 'categorical', categories: [...new Set(present.map(String))].sort() };
}

/** Bin of a value: 0 for missing or unseen, else 1 + its quantile or category index. */
export function binOf(feature: AdditiveFeature, value: AdditiveValue, forPairs = false): number {
  if (value === null || value === undefined) return 0;
  if (feature.kind === 'numeric') {
    const x = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(x) ? 1 + searchCuts(forPairs ? feature.pairCuts : feature.cuts, x) : 0;
  }
  return 1 + feature.categories.indexOf(String(value));
}

/** Number of bins, the missing/unseen bin included. */
export function binCount(feature: AdditiveFeature, forPairs = false): number {
  return feature.kind === 'numeric' ? (forPairs ? feature.pairCuts : feature.cuts).length + 2 : feature.categories.length + 1;
}
