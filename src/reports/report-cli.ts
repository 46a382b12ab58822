// The `report` (digest) and `simulate` (demo traffic) operator commands: argument parsing and output; the work is in
// report-digest.ts and simulate-conversations.ts.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../app-error.js';
import type { TurnHandler } from '../dialogue/types.js';
import type { Store } from '../store/ports.js';
import { buildDigest, digestArgsSchema } from './report-digest.js';
import { simulateArgsSchema, simulateConversations, type SimulationDeps } from './simulate-conversations.js';

function parseWith<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new AppError('USAGE', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '), { status: 400 });
  return parsed.data;
}

export async function runReportCommand(args: string[], store: Store, out: (line: string) => void): Promise<{ format: string; out?: string; bytes: number }> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, channel: { type: 'string' }, segment: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } });
  const { out: file, ...rest } = values;
  const parsed = parseWith(digestArgsSchema, rest);
  const text = await buildDigest(store, parsed);
  if (file) {
    writeFileSync(file, text);
    out(`Wrote the ${parsed.format} digest to ${file}.`);
  } else {
    out(text.trimEnd());
  }
  return { format: parsed.format, ...(file ? { out: file } : {}), bytes: Buffer.byteLength(text) };
}

export interface SimulateWiring {
  /** Builds the app's object graph with this clock (buildServer with `now`). */
  build(now: () => Date): Promise<{ store: Store; handleTurn: TurnHandler; handoffs: SimulationDeps['handoffs']; close(): Promise<void> }>;
  intentsDir: string;
  out: (line: string) => void;
}

export async function runSimulateCommand(args: string[], wiring: SimulateWiring): Promise<{ conversations: number; messages: number }> {
  const { values } = parseArgs({ args, options: { conversations: { type: 'string' }, seed: { type: 'string' }, days: { type: 'string' } } });
  const options = parseWith(simulateArgsSchema, values);
  let current = new Date();
  const built = await wiring.build(() => current);
  const { store, handleTurn, handoffs } = built;
  try {
    const result = await simulateConversations(
      {
        store, handleTurn, handoffs, intentsDir: wiring.intentsDir, now: new Date(),
        clock: { set: (at) => { current = at; } },
        progress: (done, total) => { if (done % 25 === 0 || done === total) process.stderr.write(`\rsimulated ${done}/${total} conversations`); },
      },
      options,
    );
    process.stderr.write('\n');
    wiring.out(`Simulated ${result.conversations} conversations (${result.messages} customer messages) over the last ${options.days} days. Open /reports/ to see them.`);
    return result;
  } finally {
    await built.close();
  }
}
