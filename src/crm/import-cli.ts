// The `import` operator command: parses its arguments and runs the right importer. The caller (src/cli.ts) prints
// the summary (formatImportSummary, or JSON with --json) and decides where progress lines go.
import { parseArgs } from 'node:util';
import { AppError } from '../app-error.js';
import type { Store } from '../store/ports.js';
import { importRetail } from './import-retail.js';
import type { ImportSummary } from './import-summary.js';
import { importTelco } from './import-telco.js';

export { formatImportSummary, type ImportSummary } from './import-summary.js';

export const IMPORT_USAGE = 'usage: import telco <csv> | import retail <transactions.csv> [--customers <csv>] [--json]';

export interface ImportCommandDeps {
  store: Store;
  /** Throttled progress lines ("import retail: 120,000 lines, 45,000/s"), meant for stderr with \r. */
  progress: (line: string) => void;
  /** Normal output; the command only announces what it is about to import. */
  out?: (line: string) => void;
  now?: Date;
}

type ImportArgs = { kind: 'telco'; file: string } | { kind: 'retail'; file: string; customers?: string };

export function parseImportArgs(argv: string[]): ImportArgs {
  let parsed;
  try {
    // --json is accepted (and left to the caller) so the argv can be passed through untouched.
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { customers: { type: 'string' }, json: { type: 'boolean' } } });
  } catch (error) {
    throw new AppError('USAGE', `${error instanceof Error ? error.message : String(error)}\n${IMPORT_USAGE}`, { status: 400, cause: error });
  }
  const { positionals, values } = parsed;
  const [kind, file, ...extra] = positionals;
  if (!file || extra.length > 0 || (kind !== 'telco' && kind !== 'retail')) throw new AppError('USAGE', IMPORT_USAGE, { status: 400 });
  if (kind === 'telco') {
    if (values.customers) throw new AppError('USAGE', `--customers only applies to a retail import\n${IMPORT_USAGE}`, { status: 400 });
    return { kind, file };
  }
  return values.customers ? { kind, file, customers: values.customers } : { kind, file };
}

export async function runImportCommand(argv: string[], deps: ImportCommandDeps): Promise<ImportSummary> {
  const args = parseImportArgs(argv);
  const common = { onProgress: deps.progress, ...(deps.now ? { now: deps.now } : {}) };
  deps.out?.(`Importing ${args.kind} data from ${args.file}${args.kind === 'retail' && args.customers ? ` (countries from ${args.customers})` : ''} …`);
  if (args.kind === 'telco') return importTelco(deps.store, args.file, common);
  return importRetail(deps.store, args.file, { ...common, ...(args.customers ? { customersPath: args.customers } : {}) });
}
