// Benchmark: the store side of the Online Retail import (~4,400 customers, ~3,700 products, ~22,000 orders) in
// batches of 1,000 as the importer writes them: first import, identical re-import, changed re-import, reopen.
// Run: npx tsx test/store/bench-bulk-upsert.ts [transactions.csv]   (also MongoDB when MONGODB_URI is set)
// Prints a table and one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { ordersFromLines, productsFromLines, retailCustomer } from '../../src/crm/retail-orders.js';
import { silentLogger } from '../../src/logger.js';
import { readTransactions } from '../../src/recommend/read-transactions.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { createMongoStore } from '../../src/store/mongo/mongo-store.js';
import type { Customer, Order, Product, Store } from '../../src/store/ports.js';

const BATCH = 1000;
const path = process.argv[2] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets', 'online-retail', 'transactions.csv');

interface Data {
  customers: Customer[];
  products: Product[];
  orders: Order[];
}

async function writeAll(store: Store, data: Data): Promise<void> {
  for (let i = 0; i < data.customers.length; i += BATCH) await store.customers.upsertMany(data.customers.slice(i, i + BATCH));
  for (let i = 0; i < data.products.length; i += BATCH) await store.products.upsertMany(data.products.slice(i, i + BATCH));
  for (let i = 0; i < data.orders.length; i += BATCH) await store.orders.upsertMany(data.orders.slice(i, i + BATCH));
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return Math.round(performance.now() - started);
}

async function bench(kind: string, open: () => Promise<Store>, data: Data, changed: Data) {
  let store = await open();
  const firstImport = await timed(() => writeAll(store, data));
  const sameAgain = await timed(() => writeAll(store, data));
  const changedAgain = await timed(() => writeAll(store, changed));
  const close = await timed(() => store.close());
  const reopen = await timed(async () => (store = await open()));
  const orders = await store.orders.count();
  await store.close();
  return { kind, firstImport, sameAgain, changedAgain, close, reopen, orders };
}

const lines = await readTransactions(path);
const now = new Date('2026-01-01T00:00:00Z');
const data: Data = {
  customers: [...new Set(lines.map((l) => l.customerId))].map((id) => retailCustomer(id, 'United Kingdom', now)),
  products: productsFromLines(lines),
  orders: ordersFromLines(lines),
};
const changed: Data = {
  customers: data.customers.map((c) => ({ ...c, updatedAt: '2026-02-01T00:00:00.000Z' })),
  products: data.products.map((p) => ({ ...p, unitPrice: p.unitPrice + 1 })),
  orders: data.orders.map((o) => ({ ...o, status: o.status === 'cancelled' ? o.status : 'returned' })),
};

const results = [];
const dataDir = mkdtempSync(join(tmpdir(), 'concierge-bench-'));
try {
  results.push(await bench('embedded', () => createEmbeddedStore({ dataDir, logger: silentLogger }), data, changed));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const uri = process.env.MONGODB_URI;
if (uri) {
  const db = `concierge_bench_${Date.now()}`;
  results.push(await bench('mongo', () => createMongoStore({ uri, db, logger: silentLogger }), data, changed));
  const client = await MongoClient.connect(uri);
  await client.db(db).dropDatabase();
  await client.close();
}

console.log(`documents: ${data.customers.length} customers, ${data.products.length} products, ${data.orders.length} orders; ms:`);
console.table(results);
console.log(JSON.stringify({ bench: 'store-bulk-upsert', customers: data.customers.length, products: data.products.length, orders: data.orders.length, results }));
