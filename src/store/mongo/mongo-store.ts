// The MongoDB store (official driver), chosen by MONGODB_URI: for installs that outgrow one machine (replica set or
// sharded cluster). Fails fast with STORE_UNAVAILABLE when the server cannot be reached; indexes are made at start.
import { MongoClient } from 'mongodb';
import { AppError, isAppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import { openCollections, storeFromCollections, type StoreCollections } from '../collection-store.js';
import type { Store } from '../ports.js';
import type { FieldCipher } from '../../security/field-encryption.js';
import { MongoCollection, storeError } from './mongo-collection.js';

export interface MongoStoreOptions {
  uri: string;
  db: string;
  logger: Logger;
  /** Connect and server-selection timeout; a request never hangs longer than this waiting for a server. */
  timeoutMs?: number;
  /** Encrypts the personal fields of customers (DATA_ENCRYPTION_KEY); absent = plaintext. */
  cipher?: FieldCipher;
}

const DEFAULT_TIMEOUT_MS = 5000;

function unavailable(error: unknown): unknown {
  const mapped = storeError(error);
  if (isAppError(mapped)) return mapped;
  const reason = error instanceof Error ? error.message : String(error);
  return new AppError('STORE_UNAVAILABLE', `Cannot open the MongoDB store: ${reason}`, { status: 503, cause: error });
}

export async function createMongoStore(options: MongoStoreOptions): Promise<Store> {
  const { logger } = options;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const client = new MongoClient(options.uri, {
    appName: 'concierge',
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
    socketTimeoutMS: 30_000,
  });
  let collections: StoreCollections;
  try {
    await client.connect();
    const db = client.db(options.db);
    collections = await openCollections((spec) => MongoCollection.open(spec, db), options.cipher);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw unavailable(error);
  }
  // The database name only: a URI may carry credentials.
  logger.info('store.mongo.open', { db: options.db, ms: Math.round(performance.now() - started) });

  return storeFromCollections('mongo', collections, {
    async ping() {
      try {
        await client.db(options.db).command({ ping: 1 });
      } catch (error) {
        throw unavailable(error);
      }
    },
    async close() {
      await client.close();
      logger.info('store.mongo.closed', { db: options.db });
    },
  }, options.cipher);
}
