// Runs the store contract against MongoDB: always against the in-process CongoDB wire-protocol server (test-only),
// and also against a real server when MONGODB_URI is set.
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';
import { silentLogger } from '../../src/logger.js';
import { createMongoStore } from '../../src/store/mongo/mongo-store.js';
import { describeStoreContract } from './store-contract.js';

let congo: CongoServer;
let congoUri = '';

beforeAll(async () => {
  congo = new CongoServer({ host: '127.0.0.1', port: 0, storage: 'memory' });
  await congo.start();
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

const realUri = process.env.MONGODB_URI;
if (realUri) describeStoreContract('MongoDB adapter on a real server (MONGODB_URI)', () => openOn(realUri));
