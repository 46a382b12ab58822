// The default store: NeDB files under the data directory, one per collection (`<dataDir>/customers.db`, ...).
// Zero set-up; every acknowledged write survives kill -9 of the process. All data is held in memory, so this is the
// store for one machine; MongoDB is the way out when that is outgrown.
import { mkdirSync } from 'node:fs';
import { AppError, isAppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import { openCollections, storeFromCollections, type StoreCollections } from '../collection-store.js';
import type { Store } from '../ports.js';
import type { FieldCipher } from '../../security/field-encryption.js';
import { lockDataDir } from './data-dir-lock.js';
import { NedbCollection } from './nedb-collection.js';

export interface EmbeddedStoreOptions {
  dataDir: string;
  logger: Logger;
  /** Encrypts the personal fields of customers (DATA_ENCRYPTION_KEY); absent = plaintext. */
  cipher?: FieldCipher;
}

export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<Store> {
  const { dataDir, logger } = options;
  const started = performance.now();
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  const opened: { close(): Promise<void> }[] = [];
  let collections: StoreCollections;
  try {
    // Loading rewrites each file without its dead lines, so every start also compacts.
    collections = await openCollections(async (spec) => {
      const collection = await NedbCollection.open(spec, dataDir, logger);
      opened.push(collection);
      return collection;
    }, options.cipher);
  } catch (error) {
    release();
    if (isAppError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('STORE_UNAVAILABLE', `Cannot open the embedded store in ${dataDir}: ${reason}`, { status: 503, cause: error });
  }
  logger.info('store.embedded.open', { dataDir, ms: Math.round(performance.now() - started) });

  let closing: Promise<void> | undefined;
  return storeFromCollections('embedded', collections, {
    async ping() {
      // Every collection is in memory; a closed store is the one way to be unreachable.
      await collections.users.count();
    },
    close() {
      closing ??= Promise.all(opened.map((c) => c.close()))
        .then(() => logger.info('store.embedded.closed', { dataDir }))
        .finally(release);
      return closing;
    },
  }, options.cipher);
}
