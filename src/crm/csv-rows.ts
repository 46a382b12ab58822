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
  onProgress?: (linesRead: number) => void;
  /** Columns the header must contain. */
  required: readonly string[];
}

const PROGRESS_EVERY = 20_000;

export async function* readCsvRows<S extends z.ZodType>(path: string, schema: S, options: CsvReadOptions): AsyncGenerator<{ line: number; row: z.infer<S> }> {
  if (!existsSync(path)) throw new AppError('IMPORT_FILE_MISSING', `${path}: no such file`, { status: 400 });
  const input = createReadStream(path);
  const parser = input.pipe(parse({ skip_empty_lines: true, info: true, bom: true, relax_column_count: true }));
  input.on('error', (error) => parser.destroy(error));
  let header: string[] | null = null;
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        const missing = options.required.filter((c) => !header?.includes(c));
        if (missing.length > 0) throw new AppError('IMPORT_BAD_HEADER', `${path}: missing column(s) ${missing.join(', ')}`, { status: 400 });
        continue;
      }
      rows += 1;
      if (options.onProgress && rows % PROGRESS_EVERY === 0) options.onProgress(rows);
      if (record.length !== header.length) {
        options.onBad({ line: info.lines, reason: `expected ${header.length} columns, found ${record.length}` });
        continue;
      }
      const object = Object.fromEntries(header.map((h, i) => [h, record[i] ?? '']));
      const parsed = schema.safeParse(object);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        options.onBad({ line: info.lines, reason: `${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}` });
        continue;
      }
      yield { line: info.lines, row: parsed.data };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code === 'ENOENT' ? 'IMPORT_FILE_MISSING' : 'IMPORT_UNREADABLE';
    throw new AppError(code, `${path}: ${error instanceof Error ? error.message : String(error)}`, { status: 400, cause: error });
  }
  options.onProgress?.(rows);
}
