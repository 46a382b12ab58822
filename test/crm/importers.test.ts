import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRetail } from '../../src/crm/import-retail.js';
import { formatImportSummary } from '../../src/crm/import-summary.js';
import { importTelco } from '../../src/crm/import-telco.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import type { Store } from '../../src/store/ports.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'crm');
let dataDir: string;
let store: Store;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'concierge-import-'));
  store = await createEmbeddedStore({ dataDir, logger: silentLogger });
});
afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('retail import', () => {
  it('groups invoices into orders, keeps only real products, and reports bad rows by line', async () => {
    const progress: string[] = [];
    const summary = await importRetail(store, join(fixtures, 'transactions.csv'), { customersPath: join(fixtures, 'customers.csv'), onProgress: (l) => progress.push(l) });
    expect(summary.rowsRead).toBe(12);
    expect(summary.bad.map((b) => b.line)).toEqual([9, 10, 11, 12]);
    expect(summary.bad[0]?.reason).toContain('quantity');
    expect(summary.bad[2]?.reason).toBe('expected 7 columns, found 6');
    expect(summary.inserted).toEqual({ customers: 3, products: 5, orders: 5 });
    expect(progress.length).toBeGreaterThan(0);

    const order = await store.orders.get('536365');
    expect(order).toMatchObject({ customerId: '17850', status: 'delivered', total: 53.64, placedAt: '2010-12-01T08:26:00.000Z' });
    expect(order?.lines).toHaveLength(3);
    expect((await store.orders.get('C536379'))?.status).toBe('cancelled');
    expect(await store.products.get('POST')).toBeNull();
    expect(await store.products.get('22745')).toBeNull();
    expect((await store.products.get('85123A'))?.name).toBe('White Hanging Heart T-Light Holder');
    expect((await store.customers.get('12583'))?.country).toBe('France');
    expect(formatImportSummary(summary)).toContain('line 11: expected 7 columns, found 6');
  });

  it('does not duplicate anything when run again', async () => {
    await importRetail(store, join(fixtures, 'transactions.csv'));
    const again = await importRetail(store, join(fixtures, 'transactions.csv'));
    expect(again.inserted).toEqual({ customers: 0, products: 0, orders: 0 });
    expect(again.updated).toEqual({ customers: 3, products: 5, orders: 5 });
    expect(await store.orders.count()).toBe(5);
    expect(await store.customers.count()).toBe(3);
  });

  it('fails clearly on a missing file or a file of another format', async () => {
    await expect(importRetail(store, join(fixtures, 'nope.csv'))).rejects.toMatchObject({ code: 'IMPORT_FILE_MISSING' });
    await expect(importRetail(store, join(fixtures, 'telco.csv'))).rejects.toMatchObject({ code: 'IMPORT_BAD_HEADER' });
  });
});

describe('telco import', () => {
  it('imports subscription attributes with the churn label and reports bad rows', async () => {
    const summary = await importTelco(store, join(fixtures, 'telco.csv'));
    expect(summary.rowsRead).toBe(15);
    expect(summary.inserted.customers).toBe(13);
    expect(summary.bad.map((b) => b.line)).toEqual([15, 16]);
    const first = await store.customers.get('7590-VHVEG');
    expect(first?.subscription).toMatchObject({ tenureMonths: 1, contract: 'Month-to-month', monthlyCharges: 29.85, totalCharges: 29.85, churned: false, partner: true });
    expect(first?.name).toMatch(/^\w+ \w+$/);
    const tenureZero = (await store.customers.list()).find((c) => c.subscription?.tenureMonths === 0);
    expect(tenureZero?.subscription?.totalCharges).toBeNull();
    expect((await importTelco(store, join(fixtures, 'telco.csv'))).inserted.customers).toBe(0);
  });
});
