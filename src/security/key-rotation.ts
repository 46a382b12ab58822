// `cli rotate-keys`: rewrites every customer so their personal fields are encrypted with the current key and their
// e-mail lookup hash is made with it. Run it after moving the previous key to DATA_ENCRYPTION_KEYS_OLD; it also
// encrypts customers written before encryption was switched on. Documents are read with any configured key, so the
// command can be interrupted and run again. The embedded store compacts its files when the command closes it, so no
// copy under an old key (or in the clear) is left in them.
import { AppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { FieldCipher } from './field-encryption.js';

const PAGE = 1000;

export async function rotateKeys(store: Store, cipher: FieldCipher | undefined, logger: Logger): Promise<{ customers: number; keyId: string }> {
  if (!cipher) throw new AppError('CONFIG_INVALID', 'rotate-keys needs DATA_ENCRYPTION_KEY (the new key) and, when rotating, DATA_ENCRYPTION_KEYS_OLD (the keys it replaces)');
  let customers = 0;
  for (let skip = 0; ; skip += PAGE) {
    const page = await store.customers.list({ skip, limit: PAGE });
    if (page.length === 0) break;
    await store.customers.upsertMany(page);
    customers += page.length;
  }
  logger.info('security.rotate_keys.done', { customers, keyId: cipher.current.id });
  return { customers, keyId: cipher.current.id };
}
