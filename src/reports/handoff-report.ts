// Handoffs requested in the period: counts by trigger and by outcome, and percentiles of the wait (request → claim)
// and of the handling time (claim → end). Handoffs carry no channel or segment, so those filters select the
// conversations whose customer messages match them.
import type { AggregationRow, Store } from '../store/ports.js';
import { atRange, customerMatch, type ReportFilters } from './report-filters.js';
import { num, percentile } from './percentiles.js';

export interface DurationStats {
  count: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface HandoffReport {
  filters: ReportFilters;
  total: number;
  byTrigger: { trigger: string; count: number }[];
  /** `waiting` = not yet claimed, `in progress` = claimed and not ended; else the outcome an agent recorded. */
  byOutcome: { outcome: string; count: number }[];
  waitSeconds: DurationStats;
  handlingSeconds: DurationStats;
}

function stats(values: number[]): DurationStats {
  return { count: values.length, p50: percentile(values, 50), p90: percentile(values, 90), p95: percentile(values, 95) };
}

const seconds = (later: string, earlier: string) => ({ $divide: [{ $subtract: [{ $toDate: later }, { $toDate: earlier }] }, 1000] });

async function conversationsMatching(store: Store, filters: ReportFilters): Promise<string[]> {
  const rows = await store.interactions.aggregate([{ $match: customerMatch(filters) }, { $group: { _id: '$conversationId' } }]);
  return rows.map((r) => String(r._id));
}

export async function handoffReport(store: Store, filters: ReportFilters): Promise<HandoffReport> {
  const match: Record<string, unknown> = { requestedAt: atRange(filters) };
  if (filters.channel || filters.segment) match.conversationId = { $in: await conversationsMatching(store, filters) };
  const [facets] = await store.handoffs.aggregate([
    { $match: match },
    {
      $facet: {
        triggers: [{ $group: { _id: '$trigger', count: { $sum: 1 } } }],
        outcomes: [
          {
            $group: {
              _id: { $ifNull: ['$outcome', { $cond: [{ $ifNull: ['$claimedAt', false] }, 'in progress', 'waiting'] }] },
              count: { $sum: 1 },
            },
          },
        ],
        waits: [{ $match: { claimedAt: { $exists: true } } }, { $group: { _id: null, values: { $push: seconds('$claimedAt', '$requestedAt') } } }],
        handling: [
          { $match: { claimedAt: { $exists: true }, endedAt: { $exists: true } } },
          { $group: { _id: null, values: { $push: seconds('$endedAt', '$claimedAt') } } },
        ],
      },
    },
  ]);
  const rows = (name: string) => (facets?.[name] as AggregationRow[] | undefined) ?? [];
  const counted = (name: string, key: 'trigger' | 'outcome') =>
    rows(name)
      .map((r) => ({ [key]: String(r._id), count: num(r, 'count') }))
      .sort((a, b) => b.count - a.count || String(a[key]).localeCompare(String(b[key])));
  const values = (name: string) => (rows(name)[0]?.values as number[] | undefined) ?? [];
  const byTrigger = counted('triggers', 'trigger') as { trigger: string; count: number }[];
  return {
    filters,
    total: byTrigger.reduce((n, t) => n + t.count, 0),
    byTrigger,
    byOutcome: counted('outcomes', 'outcome') as { outcome: string; count: number }[],
    waitSeconds: stats(values('waits')),
    handlingSeconds: stats(values('handling')),
  };
}
