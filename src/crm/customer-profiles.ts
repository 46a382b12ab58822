// The profile service: owns the customer-base models (built at start-up, rebuilt on a schedule) and a cache of
// per-customer contexts with their profiles. Incremental: a new order drops that customer's cached profile (the next
// read rescores it against the current models); a new interaction is added to the cached profile in place.
// Implements CustomerInsights, so the turn pipeline and the agent console read the same cached view.
import type { Logger } from '../logger.js';
import type { Recommender } from '../recommend/recommender.js';
import type { Interaction, Store } from '../store/ports.js';
import type { ChurnScorer } from './churn-model-file.js';
import type { RetailChurnModel } from './retail-churn.js';
import { createCustomerInsights } from './customer-insights.js';
import { buildProfile, RECENT_INTERACTIONS, toRecentInteraction } from './customer-profile.js';
import { buildCustomerModels, type BuildProgress, type CustomerModels } from './segment-model.js';
import type { CustomerContext, CustomerInsights, CustomerProfile, Recommendation } from './types.js';

/** Interactions read per profile: enough to know every channel a customer uses without reading everything. */
const INTERACTIONS_READ = 200;
/** Profiles kept in memory; the oldest cached is dropped first. */
const DEFAULT_CACHE_SIZE = 10_000;
/**
 * A cached profile is reread after this long even without a write seen here: another process (a second instance on
 * the same MongoDB, a CLI import) may have changed the customer's orders, and order questions must not answer from
 * a stale status for long.
 */
const DEFAULT_MAX_AGE_MS = 60_000;

export interface CustomerProfilesDeps {
  store: Store;
  /**
   * Where the whole-store model build reads (default `store`): bulk work, so the app passes the store without the
   * per-call deadline meant for a customer's turn — one aggregation over every order may take longer than that.
   */
  modelStore?: Store;
  churnModel: ChurnScorer | null;
  /** Churn from purchase behaviour for customers with orders but no subscription. */
  retailChurnModel?: RetailChurnModel | null;
  logger: Logger;
  now?: () => Date;
  cacheSize?: number;
  maxAgeMs?: number;
}

export class CustomerProfileService implements CustomerInsights {
  private models: CustomerModels | null = null;
  private readonly cache = new Map<string, { context: CustomerContext; at: number }>();
  private readonly base: CustomerInsights;
  private readonly now: () => Date;
  /** Bumped on every invalidation, so a profile computed across a write is not cached stale. */
  private writes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: CustomerProfilesDeps) {
    this.now = deps.now ?? (() => new Date());
    this.base = createCustomerInsights({ store: deps.store, churnModel: deps.churnModel, retailChurnModel: deps.retailChurnModel, now: this.now, recommender: () => this.recommender });
  }

  get recommender(): Recommender | null {
    return this.models?.recommender ?? null;
  }

  get currentModels(): CustomerModels | null {
    return this.models;
  }

  /** Rebuilds the customer-base models from the store and empties the cache. */
  async refresh(onProgress?: (p: BuildProgress) => void): Promise<CustomerModels> {
    const models = await buildCustomerModels(this.deps.modelStore ?? this.deps.store, { now: this.now(), logger: this.deps.logger, onProgress });
    this.models = models;
    this.cache.clear();
    return models;
  }

  /** Rebuilds every `minutes` (0 = never) until stop(). A failed rebuild keeps the previous models. */
  schedule(minutes: number): void {
    this.stop();
    if (minutes <= 0) return;
    this.timer = setInterval(() => {
      this.refresh().catch((err: unknown) => this.deps.logger.error('crm.segments.refresh_failed', { err }));
    }, minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async contextFor(customerId: string): Promise<CustomerContext | null> {
    const cached = this.cache.get(customerId);
    if (cached && performance.now() - cached.at < (this.deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return cached.context;
    const writes = this.writes;
    const context = await this.base.contextFor(customerId);
    if (!context) return null;
    const interactions = await this.deps.store.interactions.listByCustomer(customerId, INTERACTIONS_READ);
    const full = { ...context, profile: buildProfile(context, interactions, this.models?.segments ?? null, this.now()) };
    if (writes === this.writes) this.remember(customerId, full);
    return full;
  }

  async profileFor(customerId: string): Promise<CustomerProfile | null> {
    return (await this.contextFor(customerId))?.profile ?? null;
  }

  /** By product id or catalogue name (what the NLU's product entity holds). */
  boughtTogether(product: string, k: number): Recommendation[] {
    const id = this.models?.productIdByName.get(product.toLowerCase()) ?? product;
    return this.recommender?.boughtTogether(id, k) ?? [];
  }

  /** Orders were written for these customers: their figures, segments and recommendations change. */
  ordersChanged(customerIds: Iterable<string>): void {
    this.writes++;
    for (const id of customerIds) this.cache.delete(id);
  }

  /** The customer record changed (an applied retention offer): the next read rebuilds the profile. */
  customerChanged(customerId: string): void {
    this.ordersChanged([customerId]);
  }

  /** A message was recorded: only the channels and recent interactions of the cached profile change. */
  interactionAppended(interaction: Interaction): void {
    if (!interaction.customerId) return;
    this.writes++;
    const entry = this.cache.get(interaction.customerId);
    const cached = entry?.context;
    if (!entry || !cached?.profile) return;
    const p = cached.profile;
    const recent = [toRecentInteraction(interaction), ...p.recentInteractions.filter((r) => r.at !== interaction.at || r.text !== interaction.text)];
    const profile: CustomerProfile = {
      ...p,
      channels: [...new Set([...p.channels, interaction.channel])].sort(),
      recentInteractions: recent.sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT_INTERACTIONS),
      computedAt: this.now().toISOString(),
    };
    this.cache.set(interaction.customerId, { context: { ...cached, profile }, at: entry.at });
  }

  private remember(customerId: string, context: CustomerContext): void {
    this.cache.delete(customerId);
    this.cache.set(customerId, { context, at: performance.now() });
    const max = this.deps.cacheSize ?? DEFAULT_CACHE_SIZE;
    if (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
  }
}
