// Intent volume per intent per day, with the trend against the previous period of equal length, and the drill-down
// from one intent to the messages it was given to (newest first, paged).
import { z } from 'zod';
import type { AggregationRow, Channel, Store } from '../store/ports.js';
import { customerMatch, DAY_EXPR, daysOf, previousPeriod, type ReportFilters } from './report-filters.js';
import { num, ratio } from './percentiles.js';

export interface IntentVolume {
  intent: string;
  total: number;
  previousTotal: number;
  /** (total − previous) / previous; null when the previous period had none. */
  trend: number | null;
  /** One count per day of the period, in the order of `days`. */
  daily: number[];
}

export interface IntentReport {
  filters: ReportFilters;
  previous: { from: string; to: string };
  days: string[];
  intents: IntentVolume[];
}

const str = (row: AggregationRow, field: string): string => String((row._id as AggregationRow | undefined)?.[field] ?? '');

export async function intentReport(store: Store, filters: ReportFilters): Promise<IntentReport> {
  const previous = previousPeriod(filters);
  const [current, before] = await Promise.all([
    store.interactions.aggregate([
      { $match: { ...customerMatch(filters, { botTurns: true }), intent: { $exists: true } } },
      { $group: { _id: { intent: '$intent', day: DAY_EXPR }, count: { $sum: 1 } } },
    ]),
    store.interactions.aggregate([
      { $match: { ...customerMatch(previous, { botTurns: true }), intent: { $exists: true } } },
      { $group: { _id: { intent: '$intent' }, count: { $sum: 1 } } },
    ]),
  ]);
  const days = daysOf(filters);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const byIntent = new Map<string, IntentVolume>();
  const entry = (intent: string): IntentVolume => {
    let v = byIntent.get(intent);
    if (!v) byIntent.set(intent, (v = { intent, total: 0, previousTotal: 0, trend: null, daily: days.map(() => 0) }));
    return v;
  };
  for (const row of current) {
    const v = entry(str(row, 'intent'));
    const i = dayIndex.get(str(row, 'day'));
    if (i !== undefined) v.daily[i]! += num(row, 'count');
    v.total += num(row, 'count');
  }
  for (const row of before) entry(str(row, 'intent')).previousTotal += num(row, 'count');
  const intents = [...byIntent.values()]
    .map((v) => ({ ...v, trend: ratio(v.total - v.previousTotal, v.previousTotal) }))
    .sort((a, b) => b.total - a.total || a.intent.localeCompare(b.intent));
  return { filters, previous: { from: previous.from, to: previous.to }, days, intents };
}

export const utterancePageSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export interface Utterance {
  id: string;
  conversationId: string;
  channel: Channel;
  text: string;
  at: string;
  intent?: string;
  confidence?: number;
}

export interface UtterancePage {
  intent: string;
  total: number;
  page: number;
  pageSize: number;
  utterances: Utterance[];
}

export const UTTERANCE_FIELDS = { _id: 0, id: 1, conversationId: 1, channel: 1, text: 1, at: 1, intent: 1, confidence: 1 };

/** The messages the bot gave `intent` in the period, newest first. */
export async function intentUtterances(store: Store, filters: ReportFilters, intent: string, page: z.infer<typeof utterancePageSchema>): Promise<UtterancePage> {
  const [facets] = await store.interactions.aggregate([
    { $match: { ...customerMatch(filters, { botTurns: true }), intent } },
    {
      $facet: {
        total: [{ $count: 'n' }],
        rows: [{ $sort: { at: -1, id: -1 } }, { $skip: (page.page - 1) * page.pageSize }, { $limit: page.pageSize }, { $project: UTTERANCE_FIELDS }],
      },
    },
  ]);
  const total = num((facets?.total as AggregationRow[] | undefined)?.[0], 'n');
  return { intent, total, page: page.page, pageSize: page.pageSize, utterances: (facets?.rows as Utterance[] | undefined) ?? [] };
}
