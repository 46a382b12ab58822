// What the conversation knows about a customer: profile, recent orders, churn risk and recommendations.
// Read-only over the store; churn is null when the customer has no subscription or no model is loaded.
import { recommendFromHistory } from '../recommend/history-recommender.js';
import type { Store } from '../store/ports.js';
import type { ChurnScorer } from './churn-model-file.js';
import type { RetailChurnModel } from './retail-churn.js';
import type { CustomerInsights } from './types.js';

/** Orders shown in the context (newest first). */
const RECENT_ORDERS = 10;
/** Orders read to find favourites: enough history for a loyal customer without reading everything. */
const HISTORY_ORDERS = 200;

export interface CustomerInsightsDeps {
  store: Store;
  churnModel: ChurnScorer | null;
  /** Churn from purchase behaviour, for customers with orders but no subscription (models/retail-churn-model.json). */
  retailChurnModel?: RetailChurnModel | null;
  now?: () => Date;
  /** Recommendations per customer; 3 unless set. */
  recommendationLimit?: number;
}

export function createCustomerInsights(deps: CustomerInsightsDeps): CustomerInsights {
  const { store, churnModel } = deps;
  return {
    async contextFor(customerId) {
      const customer = await store.customers.get(customerId);
      if (!customer) return null;
      const history = await store.orders.listByCustomer(customerId, HISTORY_ORDERS);
      const productIds = [...new Set(history.flatMap((o) => o.lines.map((l) => l.productId)))];
      const catalogue = new Map((await store.products.getMany(productIds)).map((p) => [p.id, p]));
      return {
        customer,
        orders: history.slice(0, RECENT_ORDERS),
        churn: churnModel && customer.subscription ? churnModel.score(customer.subscription) : !customer.subscription && deps.retailChurnModel && history.length > 0 ? deps.retailChurnModel.score(history, (deps.now ?? (() => new Date()))()) : null,
        recommendations: recommendFromHistory(history, catalogue, { limit: deps.recommendationLimit ?? 3 }),
      };
    },
  };
}
