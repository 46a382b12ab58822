// Imports Online-Retail-format transactions (and optionally customers.csv) into the store, idempotently.
import { z } from 'zod';
import { rowToLine, TransactionRowSchema } from '../recommend/read-transactions.js';
import type { PurchaseLine } from '../recommend/interactions.js';
import type { Customer, Store } from '../store/ports.js';
import { readCsvRows } from './csv-rows.js';
import { newSummary, type ImportSummary } from './import-summary.js';
import { ordersFromLines, productsFromLines, retailCustomer } from './retail-orders.js';

const BATCH = 1000;
const CustomerRowSchema = z.object({ customer_id: z.string().trim().min(1), country: z.string().trim() });

export interface ImportOptions {
  customersPath?: string;
  onProgress?: (message: string) => void;
  now?: Date;
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

export async function importRetail(store: Store, transactionsPath: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const summary = newSummary('retail', transactionsPath);
  const progress = (label: string) => (n: number) => {
    const rate = Math.round(n / Math.max((performance.now() - started) / 1000, 0.001));
    options.onProgress?.(`import retail: ${label} ${n.toLocaleString('en-GB')} lines, ${rate.toLocaleString('en-GB')}/s`);
  };

  const lines: PurchaseLine[] = [];
  for await (const { row } of readCsvRows(transactionsPath, TransactionRowSchema, {
    required: Object.keys(TransactionRowSchema.shape),
    onBad: (bad) => summary.addBad(bad),
    onProgress: progress('read'),
  })) {
    lines.push(rowToLine(row));
  }
  summary.rowsRead = lines.length + summary.badCount;

  const countries = new Map<string, string>();
  if (options.customersPath) {
    for await (const { row } of readCsvRows(options.customersPath, CustomerRowSchema, { required: ['customer_id', 'country'], onBad: (bad) => summary.addBad({ ...bad, reason: `customers file: ${bad.reason}` }) })) {
      countries.set(row.customer_id, row.country);
    }
  }

  const now = options.now ?? new Date();
  const customerIds = [...new Set(lines.map((l) => l.customerId))];
  const customers: Customer[] = customerIds.map((id) => retailCustomer(id, countries.get(id), now));
  options.onProgress?.(`import retail: writing ${customers.length.toLocaleString('en-GB')} customers, products and orders`);
  const c = await inBatches(customers, (b) => store.customers.upsertMany(b));
  const p = await inBatches(productsFromLines(lines), (b) => store.products.upsertMany(b));
  const o = await inBatches(ordersFromLines(lines), (b) => store.orders.upsertMany(b));
  summary.inserted = { customers: c.inserted, products: p.inserted, orders: o.inserted };
  summary.updated = { customers: c.updated, products: p.updated, orders: o.updated };
  summary.ms = Math.round(performance.now() - started);
  return summary;
}
