// What an import did: counts per kind, bad rows with line numbers (first 100 kept, all counted), time taken.
import type { BadRow } from './csv-rows.js';

export interface ImportSummary {
  kind: 'telco' | 'retail';
  file: string;
  rowsRead: number;
  inserted: { customers: number; products: number; orders: number };
  updated: { customers: number; products: number; orders: number };
  badCount: number;
  bad: BadRow[];
  ms: number;
}

const KEEP_BAD = 100;

export function newSummary(kind: ImportSummary['kind'], file: string): ImportSummary & { addBad(bad: BadRow): void } {
  const summary: ImportSummary = {
    kind,
    file,
    rowsRead: 0,
    inserted: { customers: 0, products: 0, orders: 0 },
    updated: { customers: 0, products: 0, orders: 0 },
    badCount: 0,
    bad: [],
    ms: 0,
  };
  return Object.assign(summary, {
    addBad(bad: BadRow) {
      summary.badCount += 1;
      if (summary.bad.length < KEEP_BAD) summary.bad.push(bad);
    },
  });
}

export function formatImportSummary(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const lines = [
    `Imported ${s.kind} data from ${s.file} in ${(s.ms / 1000).toFixed(1)} s: ${n(s.rowsRead)} rows read.`,
    `  customers: ${n(s.inserted.customers)} new, ${n(s.updated.customers)} updated`,
  ];
  if (s.kind === 'retail') {
    lines.push(`  products:  ${n(s.inserted.products)} new, ${n(s.updated.products)} updated`);
    lines.push(`  orders:    ${n(s.inserted.orders)} new, ${n(s.updated.orders)} updated`);
  }
  lines.push(s.badCount === 0 ? '  bad rows:  none' : `  bad rows:  ${n(s.badCount)} (not imported)`);
  for (const bad of s.bad) lines.push(`    line ${bad.line}: ${bad.reason}`);
  if (s.badCount > s.bad.length) lines.push(`    … and ${n(s.badCount - s.bad.length)} more`);
  return lines.join('\n');
}
