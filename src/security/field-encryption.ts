// Encryption of sensitive document fields at rest: AES-256-GCM with a random 96-bit IV per value, the key's id stored
// with each value (so old keys can still be read during a rotation), and a keyed HMAC of the normalised e-mail as
// the lookup key, so a customer can be found by e-mail without the address being stored in the clear.
// Stored form: `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). Values without the prefix are plaintext
// written before encryption was switched on; they are read as they are and encrypted on their next write.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from '../app-error.js';

const PREFIX = 'enc:v1:';

export interface DataKey {
  id: string;
  key: Buffer;
  /** A separate key for lookup hashes, derived from the data key (one key never serves two purposes). */
  lookupKey: Buffer;
}

/** A key's id: the first 12 hex digits of its SHA-256, so the same key always gets the same id and none is configured. */
export function dataKey(key: Buffer): DataKey {
  if (key.length !== 32) throw new AppError('CONFIG_INVALID', `A data encryption key must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
  const id = createHash('sha256').update(key).digest('hex').slice(0, 12);
  const lookupKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'concierge e-mail lookup', 32));
  return { id, key, lookupKey };
}

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(PREFIX);

export class FieldCipher {
  private readonly byId: Map<string, DataKey>;

  /** `current` encrypts; `old` keys only decrypt (and give lookup candidates) until `rotate-keys` has run. */
  constructor(readonly current: DataKey, readonly old: DataKey[] = []) {
    this.byId = new Map([current, ...old].map((k) => [k.id, k]));
  }

  static fromBase64(current: string, old: string[] = []): FieldCipher {
    return new FieldCipher(dataKey(Buffer.from(current, 'base64')), old.map((k) => dataKey(Buffer.from(k, 'base64'))));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return `${PREFIX}${this.current.id}:${parts.join(':')}`;
  }

  decrypt(value: string, where: string): string {
    const [keyId, iv, tag, ciphertext] = value.slice(PREFIX.length).split(':');
    const key = keyId ? this.byId.get(keyId) : undefined;
    if (!key) {
      throw new AppError('ENCRYPTION_KEY_UNKNOWN', `${where} is encrypted with key ${keyId}, which is neither DATA_ENCRYPTION_KEY nor one of DATA_ENCRYPTION_KEYS_OLD`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv ?? '', 'base64url'));
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new AppError('ENCRYPTION_FAILED', `${where} could not be decrypted with key ${keyId}: the key is wrong or the value was altered`, { cause: error });
    }
  }

  /** True when a stored value should be rewritten: plaintext, or encrypted with a key other than the current one. */
  needsRewrite(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    return !isSealed(value) || !value.startsWith(`${PREFIX}${this.current.id}:`);
  }

  /** The lookup hash stored for a (normalised) value under the current key. */
  lookup(normalised: string): string {
    return lookupWith(this.current, normalised);
  }

  /** Every hash the value may be stored under (current and old keys), for a query during a rotation. */
  lookupCandidates(normalised: string): string[] {
    return [this.current, ...this.old].map((k) => lookupWith(k, normalised));
  }
}

function lookupWith(key: DataKey, normalised: string): string {
  return `h1:${createHmac('sha256', key.lookupKey).update(normalised).digest('base64url')}`;
}

/** Decrypting a sealed value without any key configured: say what is missing instead of serving ciphertext. */
export function missingKeyError(where: string): AppError {
  return new AppError('ENCRYPTION_KEY_MISSING', `${where} is encrypted, but DATA_ENCRYPTION_KEY is not set`);
}

/** The cipher the configuration asks for, or undefined (plaintext) when no key is set. */
export function cipherFromConfig(settings: { key?: string; oldKeys: string[] }): FieldCipher | undefined {
  if (!settings.key) {
    if (settings.oldKeys.length > 0) throw new AppError('CONFIG_INVALID', 'Invalid configuration — DATA_ENCRYPTION_KEYS_OLD is set but DATA_ENCRYPTION_KEY is not');
    return undefined;
  }
  return FieldCipher.fromBase64(settings.key, settings.oldKeys);
}
