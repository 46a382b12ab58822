import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { customer, describeStoreContract, interaction } from './store-contract.js';

describeStoreContract('embedded (NeDB files)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-store-'));
  return { store: await createEmbeddedStore({ dataDir, logger: silentLogger }), cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
});

describe('embedded store files', () => {
  it('keeps everything across close and reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'concierge-store-'));
    try {
      const first = await createEmbeddedStore({ dataDir, logger: silentLogger });
      await first.customers.upsertMany([customer('1'), customer('2')]);
      await first.customers.upsertMany([customer('1', { name: 'Changed' })]);
      const message = interaction('c1', 'customer', 'hello', '1');
      await first.interactions.append(message);
      await first.close();
      const second = await createEmbeddedStore({ dataDir, logger: silentLogger });
      expect(await second.customers.count()).toBe(2);
      expect((await second.customers.get('1'))?.name).toBe('Changed');
      expect(await second.interactions.listByConversation('c1')).toEqual([message]);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
