// The MongoDB adapter: the shared contract against the in-process CongoDB wire-protocol server (test-only; it does
// not enforce unique indexes, see mongo-collection.ts) and, when MONGODB_URI is set, against a real server.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';
import { silentLogger } from '../../src/logger.js';
import { createMongoStore } from '../../src/store/mongo/mongo-store.js';
import { describeStoreContract } from './store-contract.js';

let congo: CongoServer;
let congoUri = '';

beforeAll(async () => {
  congo = new CongoServer({ host: '127.0.0.1', port: 0, storage: 'memory' });
  await congo.start();
  // `port` reports the configured 0; the bound port is on the underlying net.Server.
  const address = (congo as unknown as { server: { address(): AddressInfo } }).server.address();
  congoUri = `mongodb://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await congo.stop();
});

async function openOn(uri: string) {
  const db = `concierge_test_${randomUUID().slice(0, 8)}`;
  const store = await createMongoStore({ uri, db, logger: silentLogger });
  return {
    store,
    cleanup: async () => {
      const client = await MongoClient.connect(uri);
      await client.db(db).dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

describeStoreContract('MongoDB adapter on the in-process wire-protocol server', () => openOn(congoUri));

const realUri = process.env.MONGODB_URI ?? '';
describeStoreContract('MongoDB adapter on a real server (MONGODB_URI)', () => openOn(realUri), { skip: realUri === '' });

describe('MongoDB adapter set-up', () => {
  it('fails fast with STORE_UNAVAILABLE when no server answers', async () => {
    const started = Date.now();
    await expect(createMongoStore({ uri: 'mongodb://127.0.0.1:9', db: 'x', logger: silentLogger, timeoutMs: 300 })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('creates the indexes the queries use, unique on the key', async () => {
    const db = `concierge_idx_${randomUUID().slice(0, 8)}`;
    const store = await createMongoStore({ uri: congoUri, db, logger: silentLogger });
    const client = await MongoClient.connect(congoUri);
    try {
      const indexes = async (name: string) => (await client.db(db).collection(name).listIndexes().toArray()).map((i) => ({ key: i.key as unknown, unique: i.unique === true }));
      expect(await indexes('customers')).toEqual(expect.arrayContaining([{ key: { id: 1 }, unique: true }, { key: { emailKey: 1 }, unique: false }, { key: { externalRefs: 1 }, unique: false }]));
      expect(await indexes('interactions')).toEqual(expect.arrayContaining([{ key: { conversationId: 1, id: 1 }, unique: false }, { key: { customerId: 1, id: 1 }, unique: false }]));
      expect(await indexes('conversations')).toEqual(expect.arrayContaining([{ key: { state: 1, lastMessageAt: 1 }, unique: false }]));
      expect(await indexes('users')).toEqual(expect.arrayContaining([{ key: { username: 1 }, unique: true }]));
      // Starting again on the same database is harmless: index creation is idempotent.
      await (await createMongoStore({ uri: congoUri, db, logger: silentLogger })).close();
    } finally {
      await client.db(db).dropDatabase();
      await client.close();
      await store.close();
    }
  });
});
