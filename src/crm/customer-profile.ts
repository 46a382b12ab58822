// Builds one CustomerProfile from what the store holds about a customer and the current customer-base models:
// identity, channels, order figures, RFM score and segment, behavioural segment, churn risk with its drivers,
// next-purchase estimate, accepted retention offers still running, recent interactions from every channel and
// recommendations with reasons.
import type { Interaction } from '../store/ports.js';
import { activeOffers } from './applied-offers.js';
import { assignSegment } from './behaviour-segments.js';
import { countsAsPurchase, recencyDays, statsOf } from './customer-stats.js';
import { estimateNextPurchase } from './next-purchase.js';
import { scoreRfm } from './rfm.js';
import type { SegmentModel } from './segment-model.js';
import type { CustomerContext, CustomerProfile } from './types.js';

/** Interactions shown in the profile (newest first). */
export const RECENT_INTERACTIONS = 10;
const DEFAULT_CURRENCY = 'GBP';

export function toRecentInteraction(i: Interaction): CustomerProfile['recentInteractions'][number] {
  return { at: i.at, channel: i.channel, sender: i.sender, text: i.text, ...(i.intent ? { intent: i.intent } : {}) };
}

/** `interactions` newest first (any number: channels are taken from all of them, the newest few are shown). */
export function buildProfile(context: CustomerContext, interactions: readonly Interaction[], models: SegmentModel | null, now: Date): CustomerProfile {
  const { customer } = context;
  const history = context.history ?? context.orders;
  const stats = statsOf(customer.id, history);
  const profile: CustomerProfile = {
    customerId: customer.id,
    name: customer.name,
    ...(customer.email ? { email: customer.email } : {}),
    since: stats && stats.firstOrderAt < customer.createdAt ? stats.firstOrderAt : customer.createdAt,
    channels: [...new Set(interactions.map((i) => i.channel))].sort(),
    orders: {
      count: stats?.orders ?? 0,
      lifetimeValue: stats?.lifetimeValue ?? 0,
      currency: stats?.currency ?? history[0]?.currency ?? DEFAULT_CURRENCY,
      ...(stats ? { lastOrderAt: stats.lastOrderAt } : {}),
    },
    recentInteractions: interactions.slice(0, RECENT_INTERACTIONS).map(toRecentInteraction),
    recommendations: context.recommendations,
    computedAt: now.toISOString(),
  };
  if (stats && models?.rfm) {
    const reference = Math.max(models.referenceMs, Date.parse(stats.lastOrderAt));
    const { recency, frequency, monetary, score, segment } = scoreRfm(
      { recencyDays: recencyDays(stats, reference), frequency: stats.orders, monetary: stats.lifetimeValue },
      models.rfm,
    );
    profile.rfm = { recency, frequency, monetary, score, segment };
  }
  if (stats && models?.behaviour) profile.behaviourSegment = assignSegment(models.behaviour, stats, Math.max(models.referenceMs, Date.parse(stats.lastOrderAt)));
  if (context.churn) profile.churn = { probability: context.churn.probability, band: context.churn.band, drivers: context.churn.drivers.slice(0, 3) };
  const running = activeOffers(customer.retention?.offers ?? [], now);
  if (running.length > 0) profile.activeOffers = running;
  const next = estimateNextPurchase(history.filter(countsAsPurchase).map((o) => o.placedAt));
  if (next) profile.nextPurchase = next;
  return profile;
}
