// The demo traffic generator drives real turns (the app's own object graph with a clock) and spreads them over
// past days; nothing is written by hand, so the interactions carry the NLU's intents, confidences and latencies.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/logger.js';
import { runSimulateCommand } from '../../src/reports/report-cli.js';
import { summaryReport } from '../../src/reports/summary-report.js';
import { resolveFilters } from '../../src/reports/report-filters.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'concierge-simulate-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('simulate', () => {
  it('runs real turns for the requested conversations, spread over the last days', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    const lines: string[] = [];
    const result = await runSimulateCommand(['--conversations', '12', '--seed', '5', '--days', '10'], {
      build: (now) => buildServer(config, silentLogger, { now }),
      intentsDir: config.intentsDir,
      out: (line) => lines.push(line),
    });
    expect(result.conversations).toBe(12);
    expect(lines[0]).toMatch(/^Simulated 12 conversations/);
    const store = await createEmbeddedStore({ dataDir, logger: silentLogger });
    try {
      const summary = await summaryReport(store, resolveFilters({}));
      expect(summary.conversations).toBe(12);
      expect(summary.messages).toBe(result.messages);
      expect(summary.avgConfidence).toBeGreaterThan(0);
      const days = await store.interactions.aggregate([{ $match: { sender: 'customer' } }, { $group: { _id: { $substrBytes: ['$at', 0, 10] } } }]);
      expect(days.length).toBeGreaterThan(3);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses a bad count', async () => {
    await expect(runSimulateCommand(['--conversations', 'many'], { build: () => Promise.reject(new Error('not reached')), intentsDir: '.', out: () => undefined })).rejects.toMatchObject({ code: 'USAGE' });
  });
});
