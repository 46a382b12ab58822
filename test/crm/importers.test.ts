// Importers against small hand-built CSVs with every kind of bad row, on the real embedded store in a temp dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseImportArgs, runImportCommand } from '../../src/crm/import-cli.js';
import { importRetail } from '../../src/crm/import-retail.js';
import { formatImportSummary } from '../../src/crm/import-summary.js';
import { importTelco } from '../../src/crm/import-telco.js';
import { silentLogger } from '../../src/logger.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/ports.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'crm');
const transactions = join(fixtures, 'transactions.csv');
const now = new Date('2026-01-15T09:00:00Z');
let dataDir: string;
let store: Store;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-import-'));
  store = await createStore({ dataDir, mongo: null, logger: silentLogger });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('retail import', () => {
  it('groups invoices into orders, keeps only real products, and reports every bad row by line', async () => {
    const progress: string[] = [];
    const summary = await importRetail(store, transactions, { customersPath: join(fixtures, 'customers.csv'), onProgress: (l) => progress.push(l), now });
    expect(summary.read).toBe(15);
    expect(summary.bad).toEqual([
      { line: 9, reason: 'quantity "lots" is invalid: Invalid input: expected number, received NaN' },
      { line: 10, reason: 'customer_id is missing' },
      { line: 11, reason: 'expected 7 columns, found 6' },
      { line: 12, reason: expect.stringContaining('timestamp "not-a-date" is invalid') },
      { line: 14, reason: 'timestamp "2011-02-30T10:00" is invalid: not a real date and time' },
      { line: 15, reason: 'invoice 536365 belongs to customer 17850, not 13047' },
    ]);
    expect(summary.badCount).toBe(6);
    expect(summary.inserted).toEqual({ customers: 3, products: 5, orders: 6 });
    expect(progress.at(-2)).toMatch(/^import retail: 15 lines, [\d,]+\/s$/);
    expect(progress.at(-1)).toBe('import retail: 15 lines read; writing 3 customers, 5 products, 6 orders');

    const order = await store.orders.get('536365');
    // Postage stays on the order (the total is the invoice's), but it is not a product.
    expect(order).toMatchObject({ customerId: '17850', status: 'delivered', total: 53.64, placedAt: '2010-12-01T08:26:00.000Z', currency: 'GBP' });
    expect(order?.lines.map((l) => l.productId)).toEqual(['85123A', '71053', 'POST']);
    expect(await store.products.get('POST')).toBeNull();
    expect((await store.orders.get('C536379'))?.status).toBe('cancelled');
    // Only ever sold at price 0: on its order, not in the catalogue.
    expect((await store.orders.get('536367'))?.lines).toHaveLength(2);
    expect(await store.products.get('22745')).toBeNull();
    expect(await store.products.get('85123A')).toEqual({ id: '85123A', name: 'White Hanging Heart T-Light Holder', description: 'WHITE HANGING HEART T-LIGHT HOLDER', unitPrice: 2.55 });
    // Latest positive sale sets price and description.
    expect(await store.products.get('22728')).toMatchObject({ unitPrice: 3.95, name: 'Alarm Clock Bakelike Pink' });
    expect(await store.customers.get('12583')).toMatchObject({ country: 'France', source: 'retail', createdAt: now.toISOString() });
    expect((await store.customers.get('17850'))?.email).toMatch(/^[a-z]+\.[a-z]+\.17850@example\.com$/);

    const text = formatImportSummary(summary);
    expect(text).toContain('bad rows:  6 (not imported)');
    expect(text).toContain('line 11: expected 7 columns, found 6');
  });

  it('does not duplicate anything when run again, and keeps what was linked since', async () => {
    await importRetail(store, transactions, { customersPath: join(fixtures, 'customers.csv'), now });
    await store.customers.linkRef('17850', 'teams:aad-1');
    const again = await importRetail(store, transactions, { now: new Date('2026-02-01T00:00:00Z') });
    expect(again.inserted).toEqual({ customers: 0, products: 0, orders: 0 });
    expect(again.updated).toEqual({ customers: 3, products: 5, orders: 6 });
    expect([await store.orders.count(), await store.customers.count(), await store.products.count()]).toEqual([6, 3, 5]);
    const customer = await store.customers.get('17850');
    expect(customer?.externalRefs).toEqual(['teams:aad-1']);
    expect(customer?.createdAt).toBe(now.toISOString());
    expect((await store.customers.get('12583'))?.country).toBe('France');
  });

  it('keeps the first 100 bad rows but counts them all', async () => {
    const path = join(dataDir, 'many-bad.csv');
    const bad = Array.from({ length: 150 }, (_, i) => `9${i},2011-01-01T10:00,,85123A,X,1,1.00`);
    writeFileSync(path, ['invoice_no,timestamp,customer_id,item_id,description,quantity,unit_price', ...bad, '1,2011-01-01T10:00,1,85123A,X,1,1.00'].join('\n'));
    const summary = await importRetail(store, path);
    expect(summary.badCount).toBe(150);
    expect(summary.bad).toHaveLength(100);
    expect(summary.bad[99]?.line).toBe(101);
    expect(summary.inserted.orders).toBe(1);
    expect(formatImportSummary(summary)).toContain('… and 50 more');
  });

  it('fails clearly on a missing file, an empty file or a file of another format', async () => {
    await expect(importRetail(store, join(fixtures, 'nope.csv'))).rejects.toMatchObject({ code: 'IMPORT_FILE_MISSING' });
    await expect(importRetail(store, join(fixtures, 'telco.csv'))).rejects.toMatchObject({ code: 'IMPORT_BAD_HEADER' });
    writeFileSync(join(dataDir, 'empty.csv'), '');
    await expect(importRetail(store, join(dataDir, 'empty.csv'))).rejects.toMatchObject({ code: 'IMPORT_BAD_HEADER' });
    await expect(importRetail(store, transactions, { customersPath: join(fixtures, 'nope.csv') })).rejects.toMatchObject({ code: 'IMPORT_FILE_MISSING' });
  });
});

describe('telco import', () => {
  it('imports subscription attributes with the churn label and reports bad rows', async () => {
    const summary = await importTelco(store, join(fixtures, 'telco.csv'), { now });
    expect(summary.read).toBe(17);
    expect(summary.inserted.customers).toBe(13);
    expect(summary.bad).toEqual([
      { line: 15, reason: 'expected 21 columns, found 4' },
      { line: 16, reason: expect.stringMatching(/^tenure "abc" is invalid/) },
      { line: 17, reason: 'customerID is missing' },
      { line: 18, reason: 'TotalCharges "lots" is invalid: not a number' },
    ]);
    const first = await store.customers.get('7590-VHVEG');
    expect(first?.subscription).toEqual({
      gender: 'Female', seniorCitizen: false, partner: true, dependents: false, tenureMonths: 1, phoneService: 'No',
      multipleLines: 'No phone service', internetService: 'DSL', onlineSecurity: 'No', onlineBackup: 'Yes', deviceProtection: 'No',
      techSupport: 'No', streamingTV: 'No', streamingMovies: 'No', contract: 'Month-to-month', paperlessBilling: true,
      paymentMethod: 'Electronic check', monthlyCharges: 29.85, totalCharges: 29.85, churned: false,
    });
    expect(first).toMatchObject({ source: 'telco', name: expect.stringMatching(/^\w+ \w+$/), email: expect.stringMatching(/\.7590vhveg@example\.com$/) });
    // Tenure 0: TotalCharges is a single space in the source — missing, not zero.
    expect((await store.customers.get('4472-LVYGI'))?.subscription?.totalCharges).toBeNull();
    expect((await importTelco(store, join(fixtures, 'telco.csv'))).inserted.customers).toBe(0);
    expect(await store.customers.count()).toBe(13);
  });

  it('gives the same generated name to the same id on every run', async () => {
    await importTelco(store, join(fixtures, 'telco.csv'), { now });
    const before = await store.customers.get('3668-QPYBK');
    await importTelco(store, join(fixtures, 'telco.csv'), { now });
    expect((await store.customers.get('3668-QPYBK'))?.name).toBe(before?.name);
  });
});

describe('import command', () => {
  it('parses its arguments and runs the importer', async () => {
    expect(parseImportArgs(['retail', 'a.csv', '--customers', 'c.csv', '--json'])).toEqual({ kind: 'retail', file: 'a.csv', customers: 'c.csv' });
    expect(parseImportArgs(['telco', 't.csv'])).toEqual({ kind: 'telco', file: 't.csv' });
    for (const bad of [[], ['retail'], ['orders', 'x.csv'], ['telco', 't.csv', '--customers', 'c.csv'], ['retail', 'a.csv', '--bogus'], ['retail', 'a.csv', 'b.csv']]) {
      expect(() => parseImportArgs(bad)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
    const out: string[] = [];
    const summary = await runImportCommand(['telco', join(fixtures, 'telco.csv')], { store, out: (l) => out.push(l), progress: () => undefined });
    expect(summary).toMatchObject({ kind: 'telco', read: 17, badCount: 4 });
    expect(out).toEqual([`Importing telco data from ${join(fixtures, 'telco.csv')} …`]);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});
