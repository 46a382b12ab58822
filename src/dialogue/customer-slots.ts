// Turns what the CRM knows (customer, orders) into reply slots and cards a person can read.
import { displayProductName } from '../crm/product-names.js';
import type { CustomerContext } from '../crm/types.js';
import type { Order } from '../store/ports.js';
import type { ReplyCard } from './types.js';
import type { Slots } from './responses.js';

const dateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

// Creating an Intl.NumberFormat costs far more than formatting with one; a shop has a handful of currencies.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amount: number, currency = 'GBP'): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

export function formatDate(iso: string, withWeekday = false): string {
  return (withWeekday ? dateFormat : shortDate).format(new Date(iso));
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export function summariseItems(order: Order): string {
  const [first, ...rest] = order.lines;
  if (!first) return 'no items';
  const head = `${first.quantity} × ${displayProductName(first.description)}`;
  return rest.length === 0 ? head : `${head} and ${rest.length} more`;
}

/** An order's amount; a negative total is a credit note (the shop's cancellation records), said as the amount credited. */
export function orderAmount(order: Pick<Order, 'total' | 'currency'>): string {
  return order.total < 0 ? `credit ${formatMoney(-order.total, order.currency)}` : formatMoney(order.total, order.currency);
}

export function customerSlots(context: CustomerContext | null): Slots {
  if (!context) return {};
  const { customer } = context;
  const sub = customer.subscription;
  return {
    name: customer.name,
    firstName: firstName(customer.name),
    orderCount: context.orders.length,
    tenureMonths: sub?.tenureMonths,
    contract: sub?.contract.toLowerCase(),
    monthlyCharges: sub ? formatMoney(sub.monthlyCharges) : undefined,
  };
}

export function orderSlots(order: Order): Slots {
  return {
    orderId: order.id,
    orderDate: formatDate(order.placedAt),
    orderStatus: order.status,
    orderItems: summariseItems(order),
    orderTotal: orderAmount(order),
    deliveryEstimate: order.expectedDeliveryAt ? formatDate(order.expectedDeliveryAt, true) : undefined,
  };
}

export function orderCard(order: Order): ReplyCard {
  const facts = [
    { label: 'Status', value: order.status },
    { label: 'Placed', value: formatDate(order.placedAt) },
    { label: 'Total', value: orderAmount(order) },
  ];
  if (order.expectedDeliveryAt && (order.status === 'processing' || order.status === 'shipped')) {
    facts.push({ label: 'Expected', value: formatDate(order.expectedDeliveryAt, true) });
  }
  if (order.deliveredAt) facts.push({ label: 'Delivered', value: formatDate(order.deliveredAt) });
  return {
    title: `Order ${order.id}`,
    subtitle: summariseItems(order),
    facts,
  };
}
