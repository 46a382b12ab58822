// The embedded (NeDB) store: the shared contract in a temp directory, plus what only a file store has — data that
// persists across reopen, one file per collection, compaction, the directory lock, and validation of what is read.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { conversation, customer, interaction } from './fixtures/documents.js';
import { describeStoreContract } from './store-contract.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'concierge-store-'));
const open = (dataDir: string) => createEmbeddedStore({ dataDir, logger: silentLogger });

describeStoreContract('embedded (NeDB files)', async () => {
  const dataDir = tempDir();
  return { store: await open(dataDir), cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
});

describe('embedded store files', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir();
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps everything across close and reopen, one file per collection', async () => {
    const first = await open(dataDir);
    await first.customers.upsertMany([customer('1'), customer('2')]);
    await first.customers.upsertMany([customer('1', { name: 'Changed' })]);
    await first.customers.linkRef('2', 'teams:aad-2');
    const message = interaction('c1', 'customer', 'hello', '1');
    await first.interactions.append(message);
    await first.conversations.create(conversation('c1'));
    await first.conversations.update('c1', { state: 'queued' }, { state: 'bot' });
    await first.close();

    const second = await open(dataDir);
    expect(await second.customers.count()).toBe(2);
    expect((await second.customers.get('1'))?.name).toBe('Changed');
    expect((await second.customers.findByRef('teams:aad-2'))?.id).toBe('2');
    expect(await second.interactions.listByConversation('c1')).toStrictEqual([message]);
    expect((await second.conversations.get('c1'))?.state).toBe('queued');
    await second.close();
    expect(readFileSync(join(dataDir, 'customers.db'), 'utf8')).toContain('"Changed"');
    expect(readFileSync(join(dataDir, 'interactions.db'), 'utf8')).toContain(message.id);
  });

  it('compacts replaced documents away on close', async () => {
    const store = await open(dataDir);
    for (let round = 0; round < 5; round += 1) await store.customers.upsertMany([customer('1', { name: `v${round}` }), customer('2', { name: `v${round}` })]);
    await store.close();
    const docs = readFileSync(join(dataDir, 'customers.db'), 'utf8').split('\n').filter((l) => l.includes('"_id"'));
    expect(docs).toHaveLength(2);
  });

  it('lets one store at a time use a data directory, and takes over a lock left by a dead process', async () => {
    const store = await open(dataDir);
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await store.close();
    await expect(store.customers.count()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    const again = await open(dataDir);
    await again.close();
    // A pid far above any pid_max stands for a process that no longer runs.
    appendFileSync(join(dataDir, 'concierge.lock'), '999999999');
    const afterCrash = await open(dataDir);
    await afterCrash.close();
  });

  it('reads files written before the lookup fields existed', async () => {
    const legacy = { ...customer('1', { email: 'Old@Example.com' }), _id: '1' };
    appendFileSync(join(dataDir, 'customers.db'), `${JSON.stringify(legacy)}\n`);
    appendFileSync(join(dataDir, 'interactions.db'), `${JSON.stringify({ ...interaction('c1', 'bot', 'hi'), _id: 'i1', id: 'i1', payload: { card: { title: 'T' } } })}\n`);
    const store = await open(dataDir);
    expect((await store.customers.findByRef('old@example.com'))?.id).toBe('1');
    expect((await store.interactions.listByConversation('c1'))[0]?.payload).toEqual({ card: { title: 'T' } });
    await store.close();
  });

  it('refuses a stored document that does not match the schema', async () => {
    appendFileSync(join(dataDir, 'products.db'), `${JSON.stringify({ _id: 'P1', id: 'P1', name: 'Mug', unitPrice: 'free' })}\n`);
    const store = await open(dataDir);
    await expect(store.products.get('P1')).rejects.toMatchObject({ code: 'STORE_INVALID_DOCUMENT' });
    await store.close();
  });
});
