// Imports IBM-Telco-format customers (subscription attributes and churn label) into the store, idempotently.
import type { Customer, Store } from '../store/ports.js';
import { readCsvRows } from './csv-rows.js';
import { generatedIdentity } from './generated-names.js';
import { newSummary, type ImportSummary } from './import-summary.js';
import { TELCO_COLUMNS, TelcoRowSchema, telcoAttributes } from './telco-rows.js';

export async function importTelco(store: Store, csvPath: string, options: { onProgress?: (message: string) => void; now?: Date } = {}): Promise<ImportSummary> {
  const started = performance.now();
  const summary = newSummary('telco', csvPath);
  const at = (options.now ?? new Date()).toISOString();
  const customers: Customer[] = [];
  let read = 0;
  for await (const { row } of readCsvRows(csvPath, TelcoRowSchema, {
    required: TELCO_COLUMNS,
    onBad: (bad) => summary.addBad(bad),
    onProgress: (n) => options.onProgress?.(`import telco: ${n.toLocaleString('en-GB')} rows`),
  })) {
    read += 1;
    customers.push({ id: row.customerID, ...generatedIdentity(row.customerID), source: 'telco', subscription: telcoAttributes(row), createdAt: at, updatedAt: at });
  }
  summary.rowsRead = read + summary.badCount;
  for (let i = 0; i < customers.length; i += 1000) {
    const r = await store.customers.upsertMany(customers.slice(i, i + 1000));
    summary.inserted.customers += r.inserted;
    summary.updated.customers += r.updated;
  }
  summary.ms = Math.round(performance.now() - started);
  return summary;
}
