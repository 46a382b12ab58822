// Streams a CSV file with a header row, validating every row; bad rows are reported with their line numbers
// (counted, never silently dropped), and progress is reported as it goes.
import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import type { z } from 'zod';
import { AppError } from '../app-error.js';

export interface BadRow {
  line: number;
  reason: string;
}

export interface CsvReadOptions {
  onBad: (bad: BadRow) => void;
  /** Called at most every PROGRESS_MS while reading, and once at the end, with the data rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /** Columns the header must contain. */
  required: readonly string[];
}

// A few progress lines a second at most; the clock is only read every 1,000 rows.
const PROGRESS_MS = 250;

/** `customer_id is missing`, `quantity "lots" is invalid: …` — what an operator needs to fix the row. */
function describeIssue(issue: z.core.$ZodIssue | undefined, row: Record<string, string>): string {
  const field = issue?.path.map(String).join('.') ?? '';
  const raw = row[field];
  if (raw === undefined) return `${field || 'row'}: ${issue?.message ?? 'invalid'}`;
  if (raw.trim() === '') return `${field} is missing`;
  return `${field} ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)} is invalid: ${issue?.message ?? 'invalid'}`;
}

export async function* readCsvRows<S extends z.ZodType>(path: string, schema: S, options: CsvReadOptions): AsyncGenerator<{ line: number; row: z.infer<S> }> {
  if (!existsSync(path)) throw new AppError('IMPORT_FILE_MISSING', `${path}: no such file`, { status: 400 });
  const input = createReadStream(path);
  const parser = input.pipe(parse({ skip_empty_lines: true, info: true, bom: true, relax_column_count: true }));
  input.on('error', (error) => parser.destroy(error));
  let header: string[] | null = null;
  let rows = 0;
  let lastProgress = performance.now();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        const missing = options.required.filter((c) => !header?.includes(c));
        if (missing.length > 0) throw new AppError('IMPORT_BAD_HEADER', `${path}: missing column(s) ${missing.join(', ')}`, { status: 400 });
        continue;
      }
      rows += 1;
      if (options.onProgress && rows % 1000 === 0 && performance.now() - lastProgress >= PROGRESS_MS) {
        lastProgress = performance.now();
        options.onProgress(rows);
      }
      if (record.length !== header.length) {
        options.onBad({ line: info.lines, reason: `expected ${header.length} columns, found ${record.length}` });
        continue;
      }
      const object = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
      const parsed = schema.safeParse(object);
      if (!parsed.success) {
        options.onBad({ line: info.lines, reason: describeIssue(parsed.error.issues[0], object) });
        continue;
      }
      yield { line: info.lines, row: parsed.data };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code === 'ENOENT' ? 'IMPORT_FILE_MISSING' : 'IMPORT_UNREADABLE';
    throw new AppError(code, `${path}: ${error instanceof Error ? error.message : String(error)}`, { status: 400, cause: error });
  }
  if (!header) throw new AppError('IMPORT_BAD_HEADER', `${path}: the file is empty (no header row)`, { status: 400 });
  options.onProgress?.(rows);
}
