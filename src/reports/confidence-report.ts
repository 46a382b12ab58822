// How sure the bot is, per intent (a 10-bin histogram of top-intent confidence), and which intents it mixes up:
// pairs from low-margin top-two rankings (the bot hesitated) and from relabels (a person said it was wrong).
import type { AggregationRow, Store } from '../store/ports.js';
import { atRange, customerMatch, type ReportFilters } from './report-filters.js';
import { num } from './percentiles.js';

export const HISTOGRAM_BINS = 10;
/** Top-two rankings closer than this are counted as a confusion between the two intents. */
export const LOW_MARGIN = 0.2;

export interface ConfusedPair {
  /** The intent the model ranked first (or gave, for relabels). */
  predicted: string;
  /** The runner-up, or the intent a person assigned. */
  other: string;
  lowMargin: number;
  relabels: number;
  total: number;
}

export interface ConfidenceReport {
  filters: ReportFilters;
  /** Lower edges of the bins: 0, 0.1, … 0.9 (the last bin includes 1). */
  bins: number[];
  intents: { intent: string; total: number; histogram: number[] }[];
  lowMargin: number;
  confusedPairs: ConfusedPair[];
}

export async function confidenceReport(store: Store, filters: ReportFilters): Promise<ConfidenceReport> {
  const bot = customerMatch(filters, { botTurns: true });
  const [histogramRows, marginRows, labels] = await Promise.all([
    store.interactions.aggregate([
      { $match: { ...bot, intent: { $exists: true }, confidence: { $exists: true } } },
      { $group: { _id: { intent: '$intent', bin: { $min: [HISTOGRAM_BINS - 1, { $floor: { $multiply: ['$confidence', HISTOGRAM_BINS] } }] } }, count: { $sum: 1 } } },
    ]),
    store.interactions.aggregate([
      { $match: { ...bot, 'ranking.1': { $exists: true } } },
      // One stage: each extra stage costs the embedded store (mingo) another pass over every message.
      {
        $project: {
          predicted: { $arrayElemAt: ['$ranking.intent', 0] },
          other: { $arrayElemAt: ['$ranking.intent', 1] },
          margin: { $subtract: [{ $arrayElemAt: ['$ranking.confidence', 0] }, { $arrayElemAt: ['$ranking.confidence', 1] }] },
        },
      },
      { $match: { margin: { $lt: LOW_MARGIN } } },
      { $group: { _id: { predicted: '$predicted', other: '$other' }, count: { $sum: 1 } } },
    ]),
    store.labels.list(),
  ]);
  const intents = new Map<string, number[]>();
  for (const row of histogramRows) {
    const id = row._id as AggregationRow;
    const intent = String(id.intent);
    const histogram = intents.get(intent) ?? new Array<number>(HISTOGRAM_BINS).fill(0);
    histogram[Number(id.bin)]! += num(row, 'count');
    intents.set(intent, histogram);
  }
  const pairs = new Map<string, ConfusedPair>();
  const pair = (predicted: string, other: string): ConfusedPair => {
    const key = JSON.stringify([predicted, other]);
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { predicted, other, lowMargin: 0, relabels: 0, total: 0 }));
    return p;
  };
  for (const row of marginRows) {
    const id = row._id as AggregationRow;
    pair(String(id.predicted), String(id.other)).lowMargin += num(row, 'count');
  }
  // Labels carry no channel or segment, so only the period filters them.
  const range = atRange(filters);
  for (const label of labels) {
    if (label.createdAt < range.$gte || label.createdAt >= range.$lt) continue;
    if (!label.predictedIntent || label.predictedIntent === label.intent) continue;
    pair(label.predictedIntent, label.intent).relabels += 1;
  }
  const confusedPairs = [...pairs.values()]
    .map((p) => ({ ...p, total: p.lowMargin + p.relabels }))
    .sort((a, b) => b.total - a.total || a.predicted.localeCompare(b.predicted) || a.other.localeCompare(b.other))
    .slice(0, 20);
  return {
    filters,
    bins: Array.from({ length: HISTOGRAM_BINS }, (_, i) => i / HISTOGRAM_BINS),
    intents: [...intents.entries()]
      .map(([intent, histogram]) => ({ intent, total: histogram.reduce((a, b) => a + b, 0), histogram }))
      .sort((a, b) => b.total - a.total || a.intent.localeCompare(b.intent)),
    lowMargin: LOW_MARGIN,
    confusedPairs,
  };
}
