// Imports Online-Retail-format transactions (and optionally customers.csv for countries) into the store,
// idempotently: the file is streamed and validated row by row into orders/products/customers, then written in
// batches. Orders are only written once the whole file is read, because an invoice's lines need not be adjacent.
import { z } from 'zod';
import { rowToLine, TransactionRowSchema } from '../recommend/read-transactions.js';
import type { Store } from '../store/ports.js';
import { readCsvRows } from './csv-rows.js';
import { upsertCustomers } from './customer-upsert.js';
import { finishSummary, newSummary, progressLine, type ImportSummary, type SummaryBuilder } from './import-summary.js';
import { RetailAccumulator, retailCustomer } from './retail-orders.js';

const BATCH = 1000;

/** YYYY-MM-DDTHH:MM[:SS] that names a real moment (the shape alone lets 2011-13-45T25:99 through). */
function isRealTimestamp(text: string): boolean {
  const d = new Date(`${text.length === 16 ? `${text}:00` : text}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, text.length) === text;
}

const RetailRowSchema = TransactionRowSchema.refine((r) => isRealTimestamp(r.timestamp), { path: ['timestamp'], message: 'not a real date and time' });
const CountryRowSchema = z.object({ customer_id: z.string().trim().min(1), country: z.string().trim() });

export interface RetailImportOptions {
  /** customers.csv (customer_id,country): sets each imported customer's country. */
  customersPath?: string;
  onProgress?: (line: string) => void;
  /** Timestamp written as createdAt/updatedAt (tests pin it). */
  now?: Date;
}

async function readCountries(path: string, summary: SummaryBuilder): Promise<Map<string, string>> {
  const countries = new Map<string, string>();
  const onBad = (bad: { line: number; reason: string }) => summary.addBad({ line: bad.line, reason: `customers file: ${bad.reason}` });
  for await (const { row } of readCsvRows(path, CountryRowSchema, { required: ['customer_id', 'country'], onBad })) {
    countries.set(row.customer_id, row.country);
  }
  return countries;
}

async function inBatches<T>(items: T[], write: (batch: T[]) => Promise<{ inserted: number; updated: number }>) {
  const total = { inserted: 0, updated: 0 };
  for (let i = 0; i < items.length; i += BATCH) {
    const r = await write(items.slice(i, i + BATCH));
    total.inserted += r.inserted;
    total.updated += r.updated;
  }
  return total;
}

export async function importRetail(store: Store, transactionsPath: string, options: RetailImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const summary = newSummary('retail', transactionsPath);
  // Read the small file first so a wrong --customers path fails before minutes of work.
  const countries = options.customersPath ? await readCountries(options.customersPath, summary) : new Map<string, string>();

  const acc = new RetailAccumulator();
  for await (const { line, row } of readCsvRows(transactionsPath, RetailRowSchema, {
    required: Object.keys(TransactionRowSchema.shape),
    onBad: (bad) => summary.addBad(bad),
    onProgress: (n) => {
      summary.read = n;
      options.onProgress?.(progressLine('retail', n, started));
    },
  })) {
    const refused = acc.add(rowToLine(row));
    if (refused) summary.addBad({ line, reason: refused });
  }

  const now = options.now ?? new Date();
  const [customers, products, orders] = [acc.customerIds(), acc.productList(), acc.orderList()];
  const count = (x: number) => x.toLocaleString('en-GB');
  options.onProgress?.(`import retail: ${count(summary.read)} lines read; writing ${count(customers.length)} customers, ${count(products.length)} products, ${count(orders.length)} orders`);
  summary.add('customers', await upsertCustomers(store, customers.map((id) => retailCustomer(id, countries.get(id), now))));
  summary.add('products', await inBatches(products, (b) => store.products.upsertMany(b)));
  summary.add('orders', await inBatches(orders, (b) => store.orders.upsertMany(b)));
  return finishSummary(summary, started);
}
