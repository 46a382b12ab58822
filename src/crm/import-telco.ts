// Imports IBM-Telco-format customers (subscription attributes and churn label) into the store, idempotently:
// streamed, validated row by row, written in batches, merged with customers already on file.
import type { Customer, Store } from '../store/ports.js';
import { readCsvRows } from './csv-rows.js';
import { CUSTOMER_BATCH, upsertCustomers } from './customer-upsert.js';
import { generatedIdentity } from './generated-names.js';
import { finishSummary, newSummary, progressLine, type ImportSummary } from './import-summary.js';
import { TELCO_COLUMNS, TelcoRowSchema, telcoAttributes } from './telco-rows.js';

export interface TelcoImportOptions {
  onProgress?: (line: string) => void;
  /** Timestamp written as createdAt/updatedAt (tests pin it). */
  now?: Date;
}

export async function importTelco(store: Store, csvPath: string, options: TelcoImportOptions = {}): Promise<ImportSummary> {
  const started = performance.now();
  const summary = newSummary('telco', csvPath);
  const at = (options.now ?? new Date()).toISOString();
  // Keyed by id so a customer listed twice in one batch is written once (the later row wins, as across batches).
  let batch = new Map<string, Customer>();
  const flush = async () => {
    summary.add('customers', await upsertCustomers(store, [...batch.values()]));
    batch = new Map();
  };
  for await (const { row } of readCsvRows(csvPath, TelcoRowSchema, {
    required: TELCO_COLUMNS,
    onBad: (bad) => summary.addBad(bad),
    onProgress: (n) => {
      summary.read = n;
      options.onProgress?.(progressLine('telco', n, started));
    },
  })) {
    batch.set(row.customerID, { id: row.customerID, ...generatedIdentity(row.customerID), source: 'telco', subscription: telcoAttributes(row), createdAt: at, updatedAt: at });
    if (batch.size >= CUSTOMER_BATCH) await flush();
  }
  await flush();
  return finishSummary(summary, started);
}
