// Online-Retail invoice lines → the CRM's orders, products and customers.
// - An invoice is an order; a leading "C" marks a cancellation/return invoice (status 'cancelled'), every other
//   invoice is 'delivered' (the data is historical).
// - Every line stays on its order, including postage, discounts, fees and zero-priced lines, so order totals match
//   the invoice. Only real stock items (isProductCode) sold at a positive price become products; their price and
//   description are those of the most recent such sale.
import { isProductCode, type PurchaseLine } from '../recommend/interactions.js';
import type { Customer, Order, Product } from '../store/ports.js';
import { generatedIdentity } from './generated-names.js';
import { displayProductName } from './product-names.js';

const round2 = (x: number) => Math.round(x * 100) / 100;

export class RetailAccumulator {
  private readonly orders = new Map<string, Order>();
  private readonly latestSale = new Map<string, PurchaseLine>();
  private readonly customers = new Set<string>();

  /** Adds one invoice line; returns why it was refused (the line is then not used at all), or null. */
  add(line: PurchaseLine): string | null {
    let order = this.orders.get(line.invoiceId);
    if (order && order.customerId !== line.customerId) {
      return `invoice ${line.invoiceId} belongs to customer ${order.customerId}, not ${line.customerId}`;
    }
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
      this.orders.set(line.invoiceId, order);
    }
    order.lines.push({ productId: line.itemId, description: line.description, quantity: line.quantity, unitPrice: line.unitPrice });
    this.customers.add(line.customerId);
    if (isProductCode(line.itemId) && line.unitPrice > 0 && line.quantity > 0) {
      const seen = this.latestSale.get(line.itemId);
      if (!seen || line.timestamp >= seen.timestamp) this.latestSale.set(line.itemId, line);
    }
    return null;
  }

  /** Orders in first-seen order, totals rounded once (summing rounded amounts drifts on long invoices). */
  orderList(): Order[] {
    return [...this.orders.values()].map((o) => ({ ...o, total: round2(o.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0)) }));
  }

  productList(): Product[] {
    return [...this.latestSale.values()].map((l) => ({ id: l.itemId, name: displayProductName(l.description), description: l.description, unitPrice: l.unitPrice }));
  }

  customerIds(): string[] {
    return [...this.customers];
  }
}

export function ordersFromLines(lines: Iterable<PurchaseLine>): Order[] {
  const acc = new RetailAccumulator();
  for (const line of lines) acc.add(line);
  return acc.orderList();
}

export function productsFromLines(lines: Iterable<PurchaseLine>): Product[] {
  const acc = new RetailAccumulator();
  for (const line of lines) acc.add(line);
  return acc.productList();
}

export function retailCustomer(id: string, country: string | undefined, now: Date): Customer {
  const at = now.toISOString();
  return { id, ...generatedIdentity(id), ...(country ? { country } : {}), source: 'retail', createdAt: at, updatedAt: at };
}
