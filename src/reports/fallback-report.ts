// Fallback / out-of-scope rate per day and the unrecognised messages of the period, clustered by similar text.
// Unrecognised = a bot turn where the NLU gave no intent (fallback, out of scope, or the handoff after repeated
// fallbacks) or gave one with confidence below LOW_CONFIDENCE.
import type { AggregationRow, Store } from '../store/ports.js';
import { customerMatch, DAY_EXPR, daysOf, NO_INTENT_EXPR, type ReportFilters } from './report-filters.js';
import { num, ratio } from './percentiles.js';
import { clusterUtterances, CLUSTER_THRESHOLD, type UtteranceCluster } from './utterance-clusters.js';
import { UTTERANCE_FIELDS, type Utterance } from './intent-report.js';

export const LOW_CONFIDENCE = 0.5;
/** The newest messages clustered; older ones still count in the daily rates. */
export const MAX_CLUSTERED = 5000;

export interface FallbackDay {
  day: string;
  turns: number;
  fallbacks: number;
  rate: number | null;
}

export interface FallbackReport {
  filters: ReportFilters;
  turns: number;
  fallbacks: number;
  rate: number | null;
  daily: FallbackDay[];
  unrecognised: number;
  lowConfidence: number;
  clusterThreshold: number;
  clusters: UtteranceCluster[];
}

export function unrecognisedMatch(filters: ReportFilters): Record<string, unknown> {
  return { ...customerMatch(filters, { botTurns: true }), $or: [{ intent: { $exists: false } }, { confidence: { $lt: LOW_CONFIDENCE } }] };
}

export async function unrecognisedUtterances(store: Store, filters: ReportFilters, limit = MAX_CLUSTERED): Promise<Utterance[]> {
  const rows = await store.interactions.aggregate([
    { $match: unrecognisedMatch(filters) },
    { $sort: { at: -1, id: -1 } },
    { $limit: limit },
    { $project: UTTERANCE_FIELDS },
  ]);
  return rows as unknown as Utterance[];
}

export async function fallbackReport(store: Store, filters: ReportFilters): Promise<FallbackReport> {
  const [dailyRows, utterances] = await Promise.all([
    store.interactions.aggregate([
      { $match: customerMatch(filters, { botTurns: true }) },
      { $group: { _id: DAY_EXPR, turns: { $sum: 1 }, fallbacks: { $sum: NO_INTENT_EXPR } } },
    ]),
    unrecognisedUtterances(store, filters),
  ]);
  const byDay = new Map(dailyRows.map((r: AggregationRow) => [String(r._id), r]));
  const daily = daysOf(filters).map((day) => {
    const turns = num(byDay.get(day), 'turns');
    const fallbacks = num(byDay.get(day), 'fallbacks');
    return { day, turns, fallbacks, rate: ratio(fallbacks, turns) };
  });
  const turns = daily.reduce((n, d) => n + d.turns, 0);
  const fallbacks = daily.reduce((n, d) => n + d.fallbacks, 0);
  return {
    filters,
    turns,
    fallbacks,
    rate: ratio(fallbacks, turns),
    daily,
    unrecognised: utterances.length,
    lowConfidence: utterances.filter((u) => u.intent !== undefined).length,
    clusterThreshold: CLUSTER_THRESHOLD,
    clusters: clusterUtterances(utterances),
  };
}
