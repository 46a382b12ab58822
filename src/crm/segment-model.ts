// The customer-base models behind every profile: RFM quintile cut points and behavioural K-means segments, fitted on
// per-customer stats the store aggregates (in the database on MongoDB, see crm-pipelines.ts), and the run-time
// recommender, whose item-item training still reads every order (it fits models on each customer's baskets).
// Rebuilt on a schedule; a single customer's profile is scored against the current models whenever it is recomputed.
import type { Logger } from '../logger.js';
import { HybridOrderRecommender } from '../recommend/recommender.js';
import type { Order, Product, Store } from '../store/ports.js';
import { fitBehaviourModel, type BehaviourModel } from './behaviour-segments.js';
import { customerStatsFromStore } from './crm-pipelines.js';
import { recencyDays, statsByCustomer, type CustomerStats } from './customer-stats.js';
import { rfmCutPoints, type RfmCutPoints } from './rfm.js';

/** Orders read per page while building (bounded memory per read, progress between pages). */
export const BUILD_PAGE_SIZE = 5000;

export interface SegmentModel {
  builtAt: string;
  /** Recency is measured to the newest order in the store, so a historical import is not scored against today. */
  referenceMs: number;
  customers: number;
  rfm: RfmCutPoints | null;
  behaviour: BehaviourModel | null;
}

export interface CustomerModels {
  segments: SegmentModel;
  recommender: HybridOrderRecommender | null;
  /** Catalogue product id by lower-case name, to answer a question that names a product. */
  productIdByName: Map<string, string>;
  buildMs: number;
}

export interface BuildProgress {
  stage: 'stats' | 'orders' | 'models';
  done: number;
  total: number;
}

async function readAll<T>(read: (skip: number) => Promise<T[]>, total: number, onPage: (done: number) => void): Promise<T[]> {
  const all: T[] = [];
  while (all.length < total) {
    const page = await read(all.length);
    if (page.length === 0) break;
    all.push(...page);
    onPage(all.length);
  }
  return all;
}

/** The in-process path (every order in memory): the same stats as the pipeline, in the same customer-id order. */
export function segmentModelFrom(orders: readonly Order[], builtAt: Date, options: { kMax?: number } = {}): SegmentModel {
  const stats = [...statsByCustomer(orders).values()].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return segmentModelFromStats(stats, builtAt, options);
}

/** RFM cut points and K-means over the stats in the order given (K-means seeding depends on it). */
export function segmentModelFromStats(stats: readonly CustomerStats[], builtAt: Date, options: { kMax?: number } = {}): SegmentModel {
  const referenceMs = stats.reduce((max, s) => Math.max(max, Date.parse(s.lastOrderAt)), 0) || builtAt.getTime();
  const rfm = stats.length > 0
    ? rfmCutPoints(stats.map((s) => ({ recencyDays: recencyDays(s, referenceMs), frequency: s.orders, monetary: s.lifetimeValue })))
    : null;
  return { builtAt: builtAt.toISOString(), referenceMs, customers: stats.length, rfm, behaviour: fitBehaviourModel(stats, referenceMs, options) };
}

/** Aggregates the stats, reads every order and product for the recommender, fits the models; `onProgress` per step. */
export async function buildCustomerModels(store: Store, options: { now?: Date; logger?: Logger; onProgress?: (p: BuildProgress) => void } = {}): Promise<CustomerModels> {
  const started = performance.now();
  options.onProgress?.({ stage: 'stats', done: 0, total: 1 });
  const stats = await customerStatsFromStore(store.orders);
  const statsMs = Math.round(performance.now() - started);
  options.onProgress?.({ stage: 'stats', done: 1, total: 1 });
  const total = await store.orders.count();
  const orders = await readAll((skip) => store.orders.list({ skip, limit: BUILD_PAGE_SIZE }), total, (done) => options.onProgress?.({ stage: 'orders', done, total }));
  const productCount = await store.products.count();
  const products = await readAll((skip) => store.products.list({ skip, limit: BUILD_PAGE_SIZE }), productCount, () => {});
  options.onProgress?.({ stage: 'models', done: 0, total: 2 });
  const segments = segmentModelFromStats(stats, options.now ?? new Date());
  options.onProgress?.({ stage: 'models', done: 1, total: 2 });
  const catalogue = new Map<string, Product>(products.map((p) => [p.id, p]));
  const recommender = orders.length > 0 ? HybridOrderRecommender.train(orders, { products: catalogue }) : null;
  options.onProgress?.({ stage: 'models', done: 2, total: 2 });
  const buildMs = Math.round(performance.now() - started);
  const b = segments.behaviour;
  options.logger?.info('crm.segments.built', { orders: orders.length, customers: segments.customers, k: b?.k, silhouette: b ? Math.round(b.silhouette * 1000) / 1000 : undefined, statsMs, ms: buildMs });
  const productIdByName = new Map(products.map((p) => [p.name.toLowerCase(), p.id]));
  return { segments, recommender, productIdByName, buildMs };
}
