// Online-Retail invoice lines → the CRM's orders, products and customers. Invoices are orders (a leading "C" is
// a cancellation/return invoice); every line stays on its order, but only real stock items become products.
import { isProductCode, type PurchaseLine } from '../recommend/interactions.js';
import type { Customer, Order, Product } from '../store/ports.js';
import { generatedIdentity, titleCase } from './generated-names.js';

const round2 = (x: number) => Math.round(x * 100) / 100;

export function ordersFromLines(lines: Iterable<PurchaseLine>): Order[] {
  const orders = new Map<string, Order>();
  for (const line of lines) {
    let order = orders.get(line.invoiceId);
    if (!order) {
      order = {
        id: line.invoiceId,
        customerId: line.customerId,
        placedAt: new Date(line.timestamp).toISOString(),
        status: line.invoiceId.toUpperCase().startsWith('C') ? 'cancelled' : 'delivered',
        lines: [],
        total: 0,
        currency: 'GBP',
      };
      orders.set(line.invoiceId, order);
    }
    order.lines.push({ productId: line.itemId, description: line.description, quantity: line.quantity, unitPrice: line.unitPrice });
    order.total = round2(order.total + line.quantity * line.unitPrice);
  }
  return [...orders.values()];
}

/** One product per stock code; its price is the one on the most recent sale at a positive price. */
export function productsFromLines(lines: Iterable<PurchaseLine>): Product[] {
  const latest = new Map<string, PurchaseLine>();
  for (const line of lines) {
    if (!isProductCode(line.itemId) || line.unitPrice <= 0 || line.quantity <= 0) continue;
    const seen = latest.get(line.itemId);
    if (!seen || line.timestamp >= seen.timestamp) latest.set(line.itemId, line);
  }
  return [...latest.values()].map((l) => ({ id: l.itemId, name: titleCase(l.description), description: l.description, unitPrice: l.unitPrice }));
}

export function retailCustomer(id: string, country: string | undefined, now: Date): Customer {
  const at = now.toISOString();
  return { id, ...generatedIdentity(id), ...(country ? { country } : {}), source: 'retail', createdAt: at, updatedAt: at };
}
