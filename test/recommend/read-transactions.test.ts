// Reading the transactions CSV: every row validated, dirty rows kept for the cleaning step, bad rows named.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBaskets } from '../../src/recommend/interactions.js';
import { parseTimestamp, readTransactions } from '../../src/recommend/read-transactions.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/recommend/${name}`, import.meta.url));

describe('readTransactions', () => {
  it('reads every line of the fixture, dirty ones included', async () => {
    const lines = await readTransactions(fixture('transactions.csv'));
    expect(lines).toHaveLength(31);
    expect(lines[0]).toEqual({
      customerId: '12001', invoiceId: '536001', timestamp: Date.UTC(2011, 0, 3, 9, 0), itemId: '21001', description: 'RED MUG', quantity: 2, unitPrice: 1.5,
    });
    expect(lines.find((l) => l.invoiceId === 'C536011')?.quantity).toBe(-1);
    expect(lines.find((l) => l.invoiceId === '536005')?.description).toBe('WHITE CANDLE, LARGE');
  });

  it('cleans to the expected invoices (postage, fees, zero prices, cancellations gone)', async () => {
    const baskets = buildBaskets(await readTransactions(fixture('transactions.csv')));
    expect(baskets.map((b) => b.invoiceId)).toEqual([
      '536001', '536002', '536003', '536004', '536005', '536010', '536013', '536014', '536020', '536021', '536022', '536023', '536030',
    ]);
    expect(baskets[0]!.lines.map((l) => [l.itemId, l.quantity])).toEqual([['21001', 3], ['21002', 1]]);
  });

  it('names the line of a malformed row', async () => {
    await expect(readTransactions(fixture('bad-row.csv'))).rejects.toMatchObject({ code: 'RECOMMEND_BAD_ROW', message: expect.stringContaining('line 3') });
  });

  it('fails with a code when the file is missing', async () => {
    await expect(readTransactions(fixture('missing.csv'))).rejects.toMatchObject({ code: 'RECOMMEND_READ_FAILED' });
  });

  it('parses timestamps as UTC, with or without seconds', () => {
    expect(parseTimestamp('2010-12-01T08:26')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(parseTimestamp('2010-12-01T08:26:30')).toBe(Date.UTC(2010, 11, 1, 8, 26, 30));
  });
});
