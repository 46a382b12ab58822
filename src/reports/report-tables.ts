// Every report as plain tables (header + rows), for CSV export, the Markdown digest and the dashboard's tables.
import type { ChurnMixReport } from './churn-mix-report.js';
import type { ConfidenceReport } from './confidence-report.js';
import type { FallbackReport } from './fallback-report.js';
import type { HandoffReport } from './handoff-report.js';
import type { IntentReport, UtterancePage } from './intent-report.js';
import type { SummaryReport } from './summary-report.js';

export type Cell = string | number | null;
export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

export const summaryTables = (r: SummaryReport): Table[] => [{
  name: 'summary',
  columns: ['messages', 'conversations', 'customers', 'containmentRate', 'fallbackRate', 'handoffRate', 'avgConfidence', 'p95LatencyMs'],
  rows: [[r.messages, r.conversations, r.customers, r.containmentRate, r.fallbackRate, r.handoffRate, r.avgConfidence, r.p95LatencyMs]],
}];

export const intentTables = (r: IntentReport): Table[] => [
  { name: 'intent-volume', columns: ['intent', 'total', 'previousTotal', 'trend'], rows: r.intents.map((i) => [i.intent, i.total, i.previousTotal, i.trend]) },
  { name: 'intent-volume-daily', columns: ['intent', ...r.days], rows: r.intents.map((i) => [i.intent, ...i.daily]) },
];

export const utteranceTables = (r: UtterancePage): Table[] => [{
  name: `utterances-${r.intent}`,
  columns: ['id', 'at', 'channel', 'confidence', 'text'],
  rows: r.utterances.map((u) => [u.id, u.at, u.channel, u.confidence ?? null, u.text]),
}];

export const confidenceTables = (r: ConfidenceReport): Table[] => [
  { name: 'confidence-histogram', columns: ['intent', 'total', ...r.bins.map((b) => `${b.toFixed(1)}-${(b + 0.1).toFixed(1)}`)], rows: r.intents.map((i) => [i.intent, i.total, ...i.histogram]) },
  { name: 'confused-pairs', columns: ['predicted', 'other', 'lowMargin', 'relabels', 'total'], rows: r.confusedPairs.map((p) => [p.predicted, p.other, p.lowMargin, p.relabels, p.total]) },
];

export const fallbackTables = (r: FallbackReport): Table[] => [
  { name: 'fallback-daily', columns: ['day', 'turns', 'fallbacks', 'rate'], rows: r.daily.map((d) => [d.day, d.turns, d.fallbacks, d.rate]) },
  { name: 'unrecognised-clusters', columns: ['count', 'label', 'examples'], rows: r.clusters.map((c) => [c.count, c.label, c.examples.join(' | ')]) },
];

export const handoffTables = (r: HandoffReport): Table[] => [
  { name: 'handoff-triggers', columns: ['trigger', 'count'], rows: r.byTrigger.map((t) => [t.trigger, t.count]) },
  { name: 'handoff-outcomes', columns: ['outcome', 'count'], rows: r.byOutcome.map((o) => [o.outcome, o.count]) },
  {
    name: 'handoff-times',
    columns: ['measure', 'count', 'p50', 'p90', 'p95'],
    rows: [
      ['waitSeconds', r.waitSeconds.count, r.waitSeconds.p50, r.waitSeconds.p90, r.waitSeconds.p95],
      ['handlingSeconds', r.handlingSeconds.count, r.handlingSeconds.p50, r.handlingSeconds.p90, r.handlingSeconds.p95],
    ],
  },
];

export const churnMixTables = (r: ChurnMixReport): Table[] => [
  { name: 'risk-bands', columns: ['band', 'customers'], rows: r.riskBands.map((b) => [b.band, b.customers]) },
  { name: 'segments', columns: ['segment', 'customers'], rows: r.segments.map((s) => [s.segment, s.customers]) },
  { name: 'offers', columns: ['offered', 'accepted', 'declined', 'acceptanceRate'], rows: [[r.offers.offered, r.offers.accepted, r.offers.declined, r.offers.acceptanceRate]] },
];
