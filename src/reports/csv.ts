// CSV for spreadsheets: RFC 4180 quoting, and cells that a spreadsheet would run as a formula (= + - @, tab, CR)
// prefixed with an apostrophe so an exported customer message can never execute.
import type { Cell, Table } from './report-tables.js';

const FORMULA_START = /^[=+\-@\t\r]/u;

export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/u.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

export function tableToCsv(table: Table): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Several tables in one file: each under a `# name` line, separated by a blank line. */
export function tablesToCsv(tables: Table[]): string {
  return tables.length === 1 ? tableToCsv(tables[0]!) : tables.map((t) => `# ${t.name}\r\n${tableToCsv(t)}`).join('\r\n');
}
