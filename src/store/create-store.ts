// Picks the store: MongoDB when a URI is configured, else the embedded file store under the data directory.
import type { Logger } from '../logger.js';
import { createEmbeddedStore } from './embedded/embedded-store.js';
import type { Store } from './ports.js';
import type { FieldCipher } from '../security/field-encryption.js';

export async function createStore(options: { dataDir: string; mongo: { uri: string; db: string } | null; logger: Logger; cipher?: FieldCipher }): Promise<Store> {
  if (options.mongo) {
    const { createMongoStore } = await import('./mongo/mongo-store.js');
    return createMongoStore({ ...options.mongo, logger: options.logger, cipher: options.cipher });
  }
  return createEmbeddedStore({ dataDir: options.dataDir, logger: options.logger, cipher: options.cipher });
}
