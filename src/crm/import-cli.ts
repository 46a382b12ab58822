// The `import` operator command: parses its arguments and runs the right importer.
import { parseArgs } from 'node:util';
import { AppError } from '../app-error.js';
import type { Store } from '../store/ports.js';
import { importRetail } from './import-retail.js';
import type { ImportSummary } from './import-summary.js';
import { importTelco } from './import-telco.js';

export { formatImportSummary } from './import-summary.js';

const USAGE = 'usage: import telco <csv> | import retail <transactions.csv> [--customers <csv>]';

export async function runImportCommand(argv: string[], deps: { store: Store; progress: (line: string) => void }): Promise<ImportSummary> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { customers: { type: 'string' } } });
  const [kind, file] = positionals;
  if (!file || (kind !== 'telco' && kind !== 'retail')) throw new AppError('USAGE', USAGE, { status: 400 });
  if (kind === 'telco') return importTelco(deps.store, file, { onProgress: deps.progress });
  return importRetail(deps.store, file, { customersPath: values.customers, onProgress: deps.progress });
}
