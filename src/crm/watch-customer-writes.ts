// A Store that tells the profile service about writes that change a customer's profile (new or changed orders,
// new interactions, applied retention offers), so cached profiles are updated incrementally instead of on a timer. Only writes made through
// this process are seen; the scheduled rebuild covers writes from other processes (e.g. a CLI import).
import type { Interaction, Store } from '../store/ports.js';

export interface CustomerWriteListener {
  ordersChanged(customerIds: Iterable<string>): void;
  interactionAppended(interaction: Interaction): void;
  /** The customer record itself changed (e.g. an accepted retention offer was applied). */
  customerChanged(customerId: string): void;
}

export function watchCustomerWrites(store: Store, listener: () => CustomerWriteListener | null): Store {
  return {
    ...store,
    customers: {
      ...store.customers,
      async setRetention(id, retention, expectUpdatedAt, updatedAt) {
        const written = await store.customers.setRetention(id, retention, expectUpdatedAt, updatedAt);
        if (written) listener()?.customerChanged(id);
        return written;
      },
    },
    orders: {
      ...store.orders,
      async upsertMany(orders) {
        const result = await store.orders.upsertMany(orders);
        listener()?.ordersChanged(new Set(orders.map((o) => o.customerId)));
        return result;
      },
    },
    interactions: {
      ...store.interactions,
      async append(interaction) {
        await store.interactions.append(interaction);
        listener()?.interactionAppended(interaction);
      },
      async appendMany(interactions) {
        await store.interactions.appendMany(interactions);
        for (const interaction of interactions) listener()?.interactionAppended(interaction);
      },
    },
  };
}
