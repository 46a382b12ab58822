// What the conversation knows about a customer: profile, recent orders, churn risk and recommendations.
import { recommendFromHistory } from '../recommend/history-recommender.js';
import type { Store } from '../store/ports.js';
import type { ChurnModel } from './churn-model.js';
import type { CustomerInsights } from './types.js';

export function createCustomerInsights(deps: { store: Store; churnModel: ChurnModel | null; recommendationLimit?: number }): CustomerInsights {
  const { store, churnModel } = deps;
  return {
    async contextFor(customerId) {
      const customer = await store.customers.get(customerId);
      if (!customer) return null;
      const history = await store.orders.listByCustomer(customerId, 200);
      const productIds = [...new Set(history.flatMap((o) => o.lines.map((l) => l.productId)))];
      const products = new Map((await store.products.getMany(productIds)).map((p) => [p.id, p]));
      return {
        customer,
        orders: history.slice(0, 10),
        churn: churnModel && customer.subscription ? churnModel.score(customer.subscription) : null,
        recommendations: recommendFromHistory(history, products, deps.recommendationLimit ?? 3),
      };
    },
  };
}
