// Proves that every write the embedded store acknowledged survives kill -9 of the process that made it: a child
// process appends and prints each acknowledged id; the test kills it mid-stream and reopens the files.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';

const ACKNOWLEDGED_BEFORE_KILL = 300;

it('keeps every acknowledged interaction after SIGKILL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-crash-'));
  try {
    const script = join(import.meta.dirname, 'fixtures', 'append-forever.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const acknowledged: string[] = [];
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`child exited early (code ${code}): ${stderr}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line === 'ready') return;
        acknowledged.push(line);
        if (acknowledged.length === ACKNOWLEDGED_BEFORE_KILL) {
          // Appends are still in flight at this moment; only the printed ones were acknowledged.
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    expect(await exited).toBe('SIGKILL');

    const store = await createEmbeddedStore({ dataDir, logger: silentLogger });
    const stored = new Set((await store.interactions.listByConversation('crash')).map((i) => i.id));
    expect(await store.interactions.count()).toBe(stored.size);
    await store.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(ACKNOWLEDGED_BEFORE_KILL);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
