// Who contacted us, by churn risk band and RFM segment (each customer once, with the risk and segment of their
// latest message in the period), and the retention offers made, accepted and declined.
import type { AggregationRow, Store } from '../store/ports.js';
import { atRange, customerMatch, type ReportFilters } from './report-filters.js';
import { num, ratio } from './percentiles.js';

/** Risk bands on the churn probability: low < 0.3 ≤ medium < 0.6 ≤ high. */
export const RISK_BANDS = { medium: 0.3, high: 0.6 } as const;
export const UNKNOWN = 'unknown';

export interface ChurnMixReport {
  filters: ReportFilters;
  customers: number;
  riskBands: { band: 'low' | 'medium' | 'high' | 'unknown'; customers: number }[];
  segments: { segment: string; customers: number }[];
  offers: { offered: number; accepted: number; declined: number; acceptanceRate: number | null };
}

const BAND_EXPR = {
  $switch: {
    branches: [
      { case: { $eq: [{ $type: '$churnRisk' }, 'missing'] }, then: UNKNOWN },
      { case: { $eq: ['$churnRisk', null] }, then: UNKNOWN },
      { case: { $gte: ['$churnRisk', RISK_BANDS.high] }, then: 'high' },
      { case: { $gte: ['$churnRisk', RISK_BANDS.medium] }, then: 'medium' },
    ],
    default: 'low',
  },
};

export async function churnMixReport(store: Store, filters: ReportFilters): Promise<ChurnMixReport> {
  const offerMatch: Record<string, unknown> = {
    at: atRange(filters),
    'offer.status': { $exists: true },
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.segment ? { segment: filters.segment } : {}),
  };
  const [[facets], offerRows] = await Promise.all([
    store.interactions.aggregate([
      { $match: { ...customerMatch(filters), customerId: { $exists: true } } },
      { $sort: { at: 1, id: 1 } },
      { $group: { _id: '$customerId', churnRisk: { $last: '$churnRisk' }, segment: { $last: '$segment' } } },
      {
        $facet: {
          bands: [{ $group: { _id: BAND_EXPR, customers: { $sum: 1 } } }],
          segments: [{ $group: { _id: { $ifNull: ['$segment', UNKNOWN] }, customers: { $sum: 1 } } }],
        },
      },
    ]),
    store.interactions.aggregate([{ $match: offerMatch }, { $group: { _id: '$offer.status', count: { $sum: 1 } } }]),
  ]);
  const rows = (name: string) => (facets?.[name] as AggregationRow[] | undefined) ?? [];
  const bandCounts = new Map(rows('bands').map((r) => [String(r._id), num(r, 'customers')]));
  const riskBands = (['low', 'medium', 'high', 'unknown'] as const).map((band) => ({ band, customers: bandCounts.get(band) ?? 0 }));
  const segments = rows('segments')
    .map((r) => ({ segment: String(r._id), customers: num(r, 'customers') }))
    .sort((a, b) => b.customers - a.customers || a.segment.localeCompare(b.segment));
  const offers = new Map(offerRows.map((r) => [String(r._id), num(r, 'count')]));
  const offered = offers.get('offered') ?? 0;
  const accepted = offers.get('accepted') ?? 0;
  return {
    filters,
    customers: riskBands.reduce((n, b) => n + b.customers, 0),
    riskBands,
    segments,
    offers: { offered, accepted, declined: offers.get('declined') ?? 0, acceptanceRate: ratio(accepted, offered) },
  };
}
