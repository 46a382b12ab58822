// The run-time face of recommend/: a Recommender trained once from the store's orders (at start-up or on a
// schedule) that answers for any customer from their current orders — including orders placed after training, which
// are folded in (every model scores from a purchase history, not from a stored user row).
import { displayProductName } from '../crm/product-names.js';
import type { Recommendation } from '../crm/types.js';
import type { Order, Product } from '../store/ports.js';
import { AssociationRulesRecommender } from './association-rules.js';
import { DEFAULT_DISCOVERY_CONFIG, DEFAULT_HYBRID_CONFIG, HybridRecommender, type HybridConfig } from './hybrid.js';
import { buildBaskets, buildInteractions, type Interactions, type PurchaseLine } from './interactions.js';
import { historyFromBaskets, type ScoredItem } from './types.js';

export interface RecommendRequest {
  /** Product ids never to suggest (e.g. already in the basket). */
  exclude?: ReadonlySet<string>;
  /** 'all' (default) includes re-orders; 'new' only suggests products the customer never bought. */
  mode?: 'all' | 'new';
  now?: Date;
}

export interface Recommender {
  /** Top-k products for a customer, from their orders (newest first or any order), each with a one-line reason. */
  recommendFor(orders: readonly Order[], k: number, request?: RecommendRequest): Recommendation[];
  /**
   * What the conversation shows: at most one re-order (the customer's favourite by the tuned hybrid), then products
   * new to the customer from the discovery ranker; a customer with no purchases gets popularity alone.
   */
  recommendWithReorder(orders: readonly Order[], k: number, request?: Pick<RecommendRequest, 'now'>): Recommendation[];
  /** "Frequently bought together" for a product question. */
  boughtTogether(productId: string, k: number): Recommendation[];
}

export interface TrainOptions {
  config?: HybridConfig;
  discoveryConfig?: HybridConfig;
  /** Catalogue entries for display names and current prices (falls back to the latest order line). */
  products?: ReadonlyMap<string, Product>;
}

/** Order lines as purchase lines; cancelled and returned orders are left out, the cleaning rule does the rest. */
export function linesFromOrders(orders: Iterable<Order>): PurchaseLine[] {
  const lines: PurchaseLine[] = [];
  for (const order of orders) {
    if (order.status === 'cancelled' || order.status === 'returned') continue;
    const timestamp = Date.parse(order.placedAt);
    for (const l of order.lines) {
      lines.push({ customerId: order.customerId, invoiceId: order.id, timestamp, itemId: l.productId, description: l.description, quantity: l.quantity, unitPrice: l.unitPrice });
    }
  }
  return lines;
}

export class HybridOrderRecommender implements Recommender {
  private readonly data: Interactions;
  private readonly rules: AssociationRulesRecommender;

  private constructor(
    data: Interactions,
    private readonly hybrid: HybridRecommender,
    private readonly discovery: HybridRecommender,
    private readonly products: ReadonlyMap<string, Product> | undefined,
  ) {
    this.data = data;
    const fitted = hybrid.component('rules');
    this.rules = fitted instanceof AssociationRulesRecommender ? fitted : new AssociationRulesRecommender().fit(data);
  }

  /** Fits every model on all the given orders: seconds for the full Online Retail history. */
  static train(orders: Iterable<Order>, options: TrainOptions = {}): HybridOrderRecommender {
    const built = buildInteractions(buildBaskets(linesFromOrders(orders)));
    // Reasons quote item names ("because you bought …"): readable names from the start (content similarity lower-cases
    // its words anyway, so the models see the same text).
    const data = { ...built, itemName: built.itemName.map(displayProductName) };
    const hybrid = new HybridRecommender(options.config ?? DEFAULT_HYBRID_CONFIG).fit(data);
    // The discovery ranker shares the components the main one already fitted (rules, popularity …): same data.
    const discovery = new HybridRecommender(options.discoveryConfig ?? DEFAULT_DISCOVERY_CONFIG, hybrid).fit(data);
    return new HybridOrderRecommender(data, hybrid, discovery, options.products);
  }

  recommendFor(orders: readonly Order[], k: number, request: RecommendRequest = {}): Recommendation[] {
    const baskets = buildBaskets(linesFromOrders(orders));
    const history = historyFromBaskets(this.data, baskets);
    const exclude = new Set(request.exclude ?? []);
    if (request.mode === 'new') for (const b of baskets) for (const l of b.lines) exclude.add(l.itemId);
    const model = request.mode === 'new' ? this.discovery : this.hybrid;
    const now = request.now?.getTime();
    const items = model.recommendForHistory(history, k, { exclude, ...(now === undefined ? {} : { now }) });
    return items.map((item) => this.toRecommendation(item));
  }

  recommendWithReorder(orders: readonly Order[], k: number, request: Pick<RecommendRequest, 'now'> = {}): Recommendation[] {
    if (k <= 0) return [];
    // Baskets and the history are built once for both rankers (the costly part for customers with long histories).
    const baskets = buildBaskets(linesFromOrders(orders));
    const history = historyFromBaskets(this.data, baskets);
    const now = request.now === undefined ? {} : { now: request.now.getTime() };
    const bought = new Set<string>();
    for (const b of baskets) for (const l of b.lines) bought.add(l.itemId);
    const reorder = this.hybrid.recommendForHistory(history, 1, now).filter((item) => bought.has(item.itemId));
    const fresh = this.discovery.recommendForHistory(history, k - reorder.length, { exclude: bought, ...now });
    return [...reorder, ...fresh].map((item) => this.toRecommendation(item));
  }

  boughtTogether(productId: string, k: number): Recommendation[] {
    return this.rules.boughtTogether(productId, k).map((item) => this.toRecommendation(item));
  }

  private toRecommendation(item: ScoredItem): Recommendation {
    const product = this.products?.get(item.itemId);
    return {
      productId: item.itemId,
      name: displayProductName(product?.name ?? item.name),
      unitPrice: product?.unitPrice ?? item.unitPrice,
      score: item.score,
      reason: item.reason,
    };
  }
}
