// The evaluation protocol: each customer's last invoice is the test, nothing of it reaches training.
import { describe, expect, it } from 'vitest';
import { buildInteractions } from '../../src/recommend/interactions.js';
import { holdOutLastInvoice } from '../../src/recommend/split.js';
import { basket } from './helpers.js';

describe('holdOutLastInvoice', () => {
  const baskets = [
    basket('u1', '10', 0, ['A', 'B']),
    basket('u1', '11', 5, ['A']),
    basket('u1', '12', 9, ['C']),
    basket('u2', '20', 1, ['D']),
    // u3 has two invoices in the same minute: the larger invoice id is "last".
    basket('u3', '31', 3, ['E']),
    basket('u3', '30', 3, ['B']),
    basket('u2', '21', 7, ['A', 'E']),
    basket('u4', '40', 2, ['A']),
  ];
  const split = holdOutLastInvoice(baskets);

  it('holds out the last invoice of every customer with at least two', () => {
    expect([...split.test.keys()].sort()).toEqual(['u1', 'u2', 'u3']);
    expect(split.test.get('u1')?.invoiceId).toBe('12');
    expect(split.test.get('u2')?.invoiceId).toBe('21');
    expect(split.test.get('u3')?.invoiceId).toBe('31');
  });

  it('keeps every other invoice, of every customer, in training and no test invoice', () => {
    const trainIds = split.train.map((b) => b.invoiceId).sort();
    expect(trainIds).toEqual(['10', '11', '20', '30', '40']);
    const testIds = new Set([...split.test.values()].map((b) => b.invoiceId));
    expect(split.train.some((b) => testIds.has(b.invoiceId))).toBe(false);
    expect(split.train.length + split.test.size).toBe(baskets.length);
  });

  it('training interactions know nothing of the held-out items of a customer', () => {
    const data = buildInteractions(split.train);
    const u1 = data.userIndex.get('u1')!;
    const row = data.userItems.indices.subarray(data.userItems.indptr[u1], data.userItems.indptr[u1 + 1]);
    expect([...row].map((i) => data.items[i]).sort()).toEqual(['A', 'B']);
    // C was only ever bought in a test invoice: not in the training catalogue at all.
    expect(data.itemIndex.has('C')).toBe(false);
  });

  it('the validation split is the same rule applied to the training baskets', () => {
    const val = holdOutLastInvoice(split.train);
    expect([...val.test.keys()]).toEqual(['u1']);
    expect(val.test.get('u1')?.invoiceId).toBe('11');
    expect(val.train.map((b) => b.invoiceId).sort()).toEqual(['10', '20', '30', '40']);
  });
});
