// Small hand-built baskets for the recommend/ unit tests: items A–E (and stock-code twins) with readable descriptions.
import type { Basket } from '../../src/recommend/interactions.js';

export const NAMES: Record<string, string> = {
  A: 'RED MUG',
  B: 'BLUE MUG',
  C: 'RED TEAPOT',
  D: 'GARDEN GNOME',
  E: 'WHITE CANDLE',
  // Stock-code style ids for the order-based tests.
  A1001: 'RED MUG',
  B1002: 'BLUE MUG',
  C1003: 'RED TEAPOT',
  D1004: 'GARDEN GNOME',
  E1005: 'WHITE CANDLE',
};

const DAY = 86_400_000;
export const T0 = Date.UTC(2011, 0, 1);

/** A basket of customer `customer` on day `day` (from T0) with the given items (each quantity 1, price 1). */
export function basket(customer: string, invoice: string, day: number, items: string[]): Basket {
  return {
    customerId: customer,
    invoiceId: invoice,
    time: T0 + day * DAY,
    lines: items.map((id) => ({ itemId: id, description: NAMES[id] ?? id, quantity: 1, unitPrice: 1 })),
  };
}

/**
 * Five customers, one basket each: u1 {A,B}, u2 {A,B,C}, u3 {A,C}, u4 {D}, u5 {A}.
 * Buyers: A 4, B 2, C 2, D 1. Co-buyers: AB 2, AC 2, BC 1.
 */
export function fiveBaskets(): Basket[] {
  return [
    basket('u1', '1', 0, ['A', 'B']),
    basket('u2', '2', 1, ['A', 'B', 'C']),
    basket('u3', '3', 2, ['A', 'C']),
    basket('u4', '4', 3, ['D']),
    basket('u5', '5', 4, ['A']),
  ];
}
