// The period at a glance: messages, conversations, customers, containment / fallback / handoff rates, confidence and
// latency. One aggregation over the customer messages; the p95 is taken in code from the latencies it returns.
import type { AggregationRow, Store } from '../store/ports.js';
import { customerMatch, NO_INTENT_EXPR, NOT_BOT_TURNS, type ReportFilters } from './report-filters.js';
import { num, percentile, ratio, round } from './percentiles.js';

export interface SummaryReport {
  filters: ReportFilters;
  /** Customer messages received (every one, including those relayed to an agent). */
  messages: number;
  /** Conversations with at least one customer message in the period. */
  conversations: number;
  /** Distinct known customers who wrote in the period (anonymous visitors are not counted). */
  customers: number;
  /** Conversations the bot never handed to a person / conversations. */
  containmentRate: number | null;
  /** Bot turns where the NLU gave no intent (fallback or out of scope) / bot turns. */
  fallbackRate: number | null;
  /** Conversations with at least one handoff request / conversations (= 1 − containment). */
  handoffRate: number | null;
  /** Mean top-intent confidence of the bot turns. */
  avgConfidence: number | null;
  /** 95th percentile (nearest rank) of the bot's turn latency. */
  p95LatencyMs: number | null;
}

const notBotTurn = { $in: ['$action', NOT_BOT_TURNS] };

export function summaryPipeline(f: ReportFilters): Record<string, unknown>[] {
  return [
    { $match: customerMatch(f) },
    {
      $facet: {
        totals: [
          {
            $group: {
              _id: null,
              messages: { $sum: 1 },
              botTurns: { $sum: { $cond: [notBotTurn, 0, 1] } },
              fallbacks: { $sum: { $cond: [notBotTurn, 0, NO_INTENT_EXPR] } },
              confidenceSum: { $sum: { $cond: [notBotTurn, 0, { $ifNull: ['$confidence', 0] }] } },
            },
          },
        ],
        conversations: [
          { $group: { _id: '$conversationId', handedOff: { $max: { $cond: [{ $eq: ['$action', 'handoff'] }, 1, 0] } } } },
          { $group: { _id: null, conversations: { $sum: 1 }, handedOff: { $sum: '$handedOff' } } },
        ],
        customers: [{ $match: { customerId: { $exists: true } } }, { $group: { _id: '$customerId' } }, { $count: 'customers' }],
        latencies: [
          { $match: { action: { $nin: NOT_BOT_TURNS }, latencyMs: { $exists: true } } },
          { $group: { _id: null, values: { $push: '$latencyMs' } } },
        ],
      },
    },
  ];
}

export async function summaryReport(store: Store, filters: ReportFilters): Promise<SummaryReport> {
  const [facets] = await store.interactions.aggregate(summaryPipeline(filters));
  const first = (name: string) => (facets?.[name] as AggregationRow[] | undefined)?.[0];
  const totals = first('totals');
  const conversations = num(first('conversations'), 'conversations');
  const handedOff = num(first('conversations'), 'handedOff');
  const botTurns = num(totals, 'botTurns');
  const latencies = (first('latencies')?.values as number[] | undefined) ?? [];
  return {
    filters,
    messages: num(totals, 'messages'),
    conversations,
    customers: num(first('customers'), 'customers'),
    containmentRate: ratio(conversations - handedOff, conversations),
    fallbackRate: ratio(num(totals, 'fallbacks'), botTurns),
    handoffRate: ratio(handedOff, conversations),
    avgConfidence: botTurns === 0 ? null : round(num(totals, 'confidenceSum') / botTurns),
    p95LatencyMs: percentile(latencies, 95),
  };
}
