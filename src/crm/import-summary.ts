// What an import did: counts per kind, bad rows with line numbers (first 100 kept, all counted), time taken; and the
// throttled progress line an operator watches while a large file streams in.
import type { BadRow } from './csv-rows.js';

export interface ImportCounts {
  customers: number;
  products: number;
  orders: number;
}

export interface ImportSummary {
  kind: 'telco' | 'retail';
  file: string;
  /** Data rows read (header excluded), good and bad. */
  read: number;
  inserted: ImportCounts;
  updated: ImportCounts;
  /** The first KEEP_BAD bad rows, in file order. */
  bad: BadRow[];
  /** Every bad row, including those not kept in `bad`. */
  badCount: number;
  ms: number;
}

export const KEEP_BAD = 100;

export type SummaryBuilder = ImportSummary & { addBad(bad: BadRow): void; add(kind: keyof ImportCounts, r: { inserted: number; updated: number }): void };

export function newSummary(kind: ImportSummary['kind'], file: string): SummaryBuilder {
  const summary: ImportSummary = {
    kind,
    file,
    read: 0,
    inserted: { customers: 0, products: 0, orders: 0 },
    updated: { customers: 0, products: 0, orders: 0 },
    bad: [],
    badCount: 0,
    ms: 0,
  };
  return Object.assign(summary, {
    addBad(bad: BadRow) {
      summary.badCount += 1;
      if (summary.bad.length < KEEP_BAD) summary.bad.push(bad);
    },
    add(what: keyof ImportCounts, r: { inserted: number; updated: number }) {
      summary.inserted[what] += r.inserted;
      summary.updated[what] += r.updated;
    },
  });
}

/** The plain summary object (without the builder's methods), e.g. for `--json`. */
export function finishSummary(builder: SummaryBuilder, startedAt: number): ImportSummary {
  const { kind, file, read, inserted, updated, bad, badCount } = builder;
  return { kind, file, read, inserted, updated, bad, badCount, ms: Math.round(performance.now() - startedAt) };
}

const n = (x: number) => x.toLocaleString('en-GB');

/** "import retail: 120,000 lines, 45,000/s" — the caller throttles how often it is called. */
export function progressLine(kind: ImportSummary['kind'], lines: number, startedAt: number): string {
  const rate = Math.round(lines / Math.max((performance.now() - startedAt) / 1000, 0.001));
  return `import ${kind}: ${n(lines)} lines, ${n(rate)}/s`;
}

export function formatImportSummary(s: ImportSummary): string {
  const lines = [
    `Imported ${s.kind} data from ${s.file} in ${(s.ms / 1000).toFixed(1)} s: ${n(s.read)} rows read.`,
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
