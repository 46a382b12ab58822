// The offline split: each customer's last invoice (by time, then invoice id) is held out when they have at least two
// invoices; every other invoice, of every customer, is training. The same function applied to the training baskets
// gives the validation split used to tune the hybrid, so tuning never sees a test invoice.
import { compareBaskets, groupByCustomer, type Basket } from './interactions.js';

export interface HoldoutSplit {
  train: Basket[];
  /** customerId → their held-out (last) basket. */
  test: Map<string, Basket>;
}

export function holdOutLastInvoice(baskets: readonly Basket[], minInvoices = 2): HoldoutSplit {
  const byCustomer = groupByCustomer(baskets);
  const test = new Map<string, Basket>();
  for (const [customerId, list] of byCustomer) {
    if (list.length < minInvoices) continue;
    list.sort(compareBaskets);
    test.set(customerId, list[list.length - 1]!);
  }
  const held = new Set(test.values());
  return { train: baskets.filter((b) => !held.has(b)), test };
}
