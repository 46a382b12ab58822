// What the conversation knows about a customer: profile, recent orders, churn risk and recommendations.
// Read-only over the store; churn is null when the customer has no subscription or no model is loaded.
// Recommendations come from the one run-time recommender (recommend/recommender.ts), trained with the segment model.
import type { Recommender } from '../recommend/recommender.js';
import type { Store } from '../store/ports.js';
import type { ChurnScorer } from './churn-model-file.js';
import type { RetailChurnModel } from './retail-churn.js';
import type { CustomerInsights } from './types.js';

/** Orders shown in the context (newest first). */
const RECENT_ORDERS = 10;
/** Orders read for the profile's figures: every order of all but the most prolific customers. */
const HISTORY_ORDERS = 1000;

export interface CustomerInsightsDeps {
  store: Store;
  churnModel: ChurnScorer | null;
  /** Churn from purchase behaviour, for customers with orders but no subscription (models/retail-churn-model.json). */
  retailChurnModel?: RetailChurnModel | null;
  now?: () => Date;
  /** The current run-time recommender (rebuilt on a schedule); null before one is trained or on an empty store. */
  recommender?: () => Recommender | null;
  /** Recommendations per customer; 3 unless set. */
  recommendationLimit?: number;
}

export function createCustomerInsights(deps: CustomerInsightsDeps): CustomerInsights {
  const { store, churnModel } = deps;
  const limit = deps.recommendationLimit ?? 3;
  return {
    async contextFor(customerId) {
      const customer = await store.customers.get(customerId);
      if (!customer) return null;
      const history = await store.orders.listByCustomer(customerId, HISTORY_ORDERS);
      const recommender = deps.recommender?.() ?? null;
      return {
        customer,
        orders: history.slice(0, RECENT_ORDERS),
        churn: churnModel && customer.subscription ? churnModel.score(customer.subscription) : !customer.subscription && deps.retailChurnModel && history.length > 0 ? deps.retailChurnModel.score(history, (deps.now ?? (() => new Date()))()) : null,
        recommendations: recommender ? recommender.recommendWithReorder(history, limit) : [],
        history,
      };
    },
    boughtTogether(productId, k) {
      return deps.recommender?.()?.boughtTogether(productId, k) ?? [];
    },
  };
}
