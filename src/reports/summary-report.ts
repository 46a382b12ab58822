// The period at a glance: messages, conversations, customers, containment / fallback / handoff rates, confidence and
// latency. One aggregation over the customer messages; the p95 is taken in code from the latencies it returns.
import type { Store } from '../store/ports.js';
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

/**
 * Two $group passes (per conversation, then overall) rather than a $facet of four: the embedded store runs each
 * branch over every message, so one pass is what keeps it fast. Nulls stand for "not a bot turn" / "anonymous" and
 * are dropped in code, which gives the same result on MongoDB and mingo.
 */
export function summaryPipeline(f: ReportFilters): Record<string, unknown>[] {
  return [
    { $match: customerMatch(f) },
    {
      $group: {
        _id: '$conversationId',
        messages: { $sum: 1 },
        botTurns: { $sum: { $cond: [notBotTurn, 0, 1] } },
        fallbacks: { $sum: { $cond: [notBotTurn, 0, NO_INTENT_EXPR] } },
        confidenceSum: { $sum: { $cond: [notBotTurn, 0, { $ifNull: ['$confidence', 0] }] } },
        handedOff: { $max: { $cond: [{ $eq: ['$action', 'handoff'] }, 1, 0] } },
        customerId: { $max: { $ifNull: ['$customerId', null] } },
        latencies: { $push: { $cond: [notBotTurn, null, { $ifNull: ['$latencyMs', null] }] } },
      },
    },
    {
      $group: {
        _id: null,
        messages: { $sum: '$messages' },
        botTurns: { $sum: '$botTurns' },
        fallbacks: { $sum: '$fallbacks' },
        confidenceSum: { $sum: '$confidenceSum' },
        conversations: { $sum: 1 },
        handedOff: { $sum: '$handedOff' },
        customers: { $addToSet: '$customerId' },
        latencies: { $push: '$latencies' },
      },
    },
  ];
}

export async function summaryReport(store: Store, filters: ReportFilters): Promise<SummaryReport> {
  const [totals] = await store.interactions.aggregate(summaryPipeline(filters));
  const conversations = num(totals, 'conversations');
  const handedOff = num(totals, 'handedOff');
  const botTurns = num(totals, 'botTurns');
  const customers = ((totals?.customers as unknown[] | undefined) ?? []).filter((c) => c !== null);
  const latencies = ((totals?.latencies as unknown[][] | undefined) ?? []).flat().filter((v): v is number => typeof v === 'number');
  return {
    filters,
    messages: num(totals, 'messages'),
    conversations,
    customers: customers.length,
    containmentRate: ratio(conversations - handedOff, conversations),
    fallbackRate: ratio(num(totals, 'fallbacks'), botTurns),
    handoffRate: ratio(handedOff, conversations),
    avgConfidence: botTurns === 0 ? null : round(num(totals, 'confidenceSum') / botTurns),
    p95LatencyMs: percentile(latencies, 95),
  };
}
