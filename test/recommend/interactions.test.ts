// Data preparation: the cleaning rule, basket building, integer indexing and the sparse user-item matrices.
import { describe, expect, it } from 'vitest';
import { buildBaskets, buildInteractions, isCleanLine, isProductCode, type PurchaseLine } from '../../src/recommend/interactions.js';
import { cell, transpose } from '../../src/recommend/sparse.js';
import { historyFromBaskets, historyOf } from '../../src/recommend/types.js';
import { basket, fiveBaskets } from './helpers.js';

const line = (over: Partial<PurchaseLine>): PurchaseLine => ({
  customerId: '12001', invoiceId: '536001', timestamp: 0, itemId: '21001', description: 'RED MUG', quantity: 1, unitPrice: 1.5, ...over,
});

describe('cleaning rule', () => {
  it('keeps ordinary product lines', () => {
    expect(isCleanLine(line({}))).toBe(true);
    expect(isProductCode('85123A')).toBe(true);
  });

  it.each(['POST', 'D', 'M', 'BANK CHARGES', 'DOT', 'CRUK', 'C2', 'PADS', 'AMAZONFEE', 'S', 'B', 'post', 'GIFT'])('drops the non-product code %s', (code) => {
    expect(isProductCode(code)).toBe(false);
    expect(isCleanLine(line({ itemId: code }))).toBe(false);
  });

  it('drops cancellations, non-positive quantities and non-positive prices', () => {
    expect(isCleanLine(line({ invoiceId: 'C536001', quantity: -1 }))).toBe(false);
    expect(isCleanLine(line({ invoiceId: 'C536001', quantity: 1 }))).toBe(false);
    expect(isCleanLine(line({ quantity: -2 }))).toBe(false);
    expect(isCleanLine(line({ quantity: 0 }))).toBe(false);
    expect(isCleanLine(line({ unitPrice: 0 }))).toBe(false);
    expect(isCleanLine(line({ unitPrice: -11062.06 }))).toBe(false);
  });
});

describe('buildBaskets', () => {
  it('merges repeated items of an invoice, drops dirty lines and empty invoices, orders by time', () => {
    const baskets = buildBaskets([
      line({ invoiceId: '2', timestamp: 50, itemId: '21002' }),
      line({ invoiceId: '1', timestamp: 10, quantity: 2 }),
      line({ invoiceId: '1', timestamp: 10, quantity: 3 }),
      line({ invoiceId: '1', timestamp: 10, itemId: 'POST' }),
      line({ invoiceId: '3', timestamp: 5, itemId: 'M' }),
      line({ invoiceId: 'C4', timestamp: 60, quantity: -1 }),
    ]);
    expect(baskets.map((b) => b.invoiceId)).toEqual(['1', '2']);
    expect(baskets[0]!.lines).toEqual([{ itemId: '21001', description: 'RED MUG', quantity: 5, unitPrice: 1.5 }]);
  });
});

describe('buildInteractions', () => {
  const data = buildInteractions([...fiveBaskets(), basket('u1', '6', 10, ['A', 'E'])]);

  it('indexes users and items in order of first appearance', () => {
    expect(data.users).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(data.items).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(data.itemName[2]).toBe('RED TEAPOT');
  });

  it('counts invoices per user and item in a CSR matrix, with its transpose', () => {
    const a = data.itemIndex.get('A')!;
    const u1 = data.userIndex.get('u1')!;
    expect(cell(data.userItems, u1, a)).toBe(2);
    expect(cell(data.userItems, u1, data.itemIndex.get('C')!)).toBe(0);
    expect(data.itemUsers.indptr[a + 1]! - data.itemUsers.indptr[a]!).toBe(4);
    expect(transpose(data.itemUsers)).toEqual(data.userItems);
  });

  it('keeps each purchase time for recency', () => {
    const h = historyOf(data, 'u1');
    expect([...h.items].map((i) => data.items[i])).toEqual(['A', 'B', 'E']);
    expect([...h.counts]).toEqual([2, 1, 1]);
    const timesOfA = h.times.subarray(h.timesPtr[0], h.timesPtr[1]);
    expect([...timesOfA]).toEqual([data.baskets[0]!.time, data.maxTime]);
    expect(h.lastTimes[0]).toBe(data.maxTime);
  });

  it('folds in a history from baskets the model was not trained on, skipping unknown items', () => {
    const h = historyFromBaskets(data, [basket('new', 'x', 20, ['B', 'Z']), basket('new', 'y', 21, ['B'])]);
    expect([...h.items]).toEqual([data.itemIndex.get('B')]);
    expect([...h.counts]).toEqual([2]);
    expect(h.timesPtr[1]! - h.timesPtr[0]!).toBe(2);
    expect(historyOf(data, 'nobody').items.length).toBe(0);
  });
});
