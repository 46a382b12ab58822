// Encryption at rest of customers' names, e-mails and phones, on both stores: only ciphertext on disk (the NeDB file)
// or in the raw MongoDB document, a round trip, lookup by e-mail through the keyed hash, clear errors for a wrong or
// missing key, and key rotation (old key still readable, rotate-keys rewrites everything under the new one).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { congoForFile } from '../support/congo.js';
import { silentLogger } from '../../src/logger.js';
import { FieldCipher } from '../../src/security/field-encryption.js';
import { rotateKeys } from '../../src/security/key-rotation.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { createMongoStore } from '../../src/store/mongo/mongo-store.js';
import type { Customer, Store } from '../../src/store/ports.js';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const at = new Date().toISOString();
const olive: Customer = { id: 'c-1', name: 'Olive Quartermaine', email: 'Olive.Q@Example.com', phone: '+44 7700 900123', country: 'United Kingdom', source: 'manual', createdAt: at, updatedAt: at };
const secrets = ['Olive', 'Quartermaine', 'olive.q@example.com', 'Olive.Q@Example.com', '7700 900123'];

const congoUri = congoForFile();

interface Backend {
  name: string;
  /** Opens the same store (same directory or database) with the given cipher. */
  open(cipher?: FieldCipher): Promise<Store>;
  /** Everything stored for customers, as the database holds it. */
  raw(): Promise<string>;
  cleanup(): Promise<void>;
}

function embedded(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'concierge-enc-'));
  return {
    name: 'embedded',
    open: (cipher) => createEmbeddedStore({ dataDir: dir, logger: silentLogger, cipher }),
    raw: async () => readFileSync(join(dir, 'customers.db'), 'utf8'),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function mongo(): Backend {
  const db = `enc_${randomUUID().slice(0, 8)}`;
  return {
    name: 'mongo',
    open: (cipher) => createMongoStore({ uri: congoUri(), db, logger: silentLogger, cipher }),
    raw: async () => {
      const client = await MongoClient.connect(congoUri());
      try {
        return JSON.stringify(await client.db(db).collection('customers').find({}).toArray());
      } finally {
        await client.close();
      }
    },
    cleanup: async () => undefined,
  };
}

for (const make of [embedded, mongo]) {
  describe(`encryption at rest (${make().name} store)`, () => {
    it('stores only ciphertext, reads it back, and finds the customer by e-mail', async () => {
      const backend = make();
      try {
        const store = await backend.open(FieldCipher.fromBase64(keyA));
        await store.customers.upsertMany([olive]);
        expect(await store.customers.get('c-1')).toEqual(olive);
        expect((await store.customers.findByRef('  olive.q@EXAMPLE.com '))?.id).toBe('c-1');
        await store.close();
        const raw = await backend.raw();
        for (const secret of secrets) expect(raw).not.toContain(secret);
        expect(raw).toContain(`enc:v1:${FieldCipher.fromBase64(keyA).current.id}:`);
        expect(raw).toContain('United Kingdom'); // not a sealed field
      } finally {
        await backend.cleanup();
      }
    });

    it('refuses with a clear error when the key is wrong or missing', async () => {
      const backend = make();
      try {
        const store = await backend.open(FieldCipher.fromBase64(keyA));
        await store.customers.upsertMany([olive]);
        await store.close();
        const wrong = await backend.open(FieldCipher.fromBase64(keyB));
        await expect(wrong.customers.get('c-1')).rejects.toMatchObject({ code: 'ENCRYPTION_KEY_UNKNOWN' });
        await wrong.close();
        const none = await backend.open();
        await expect(none.customers.get('c-1')).rejects.toMatchObject({ code: 'ENCRYPTION_KEY_MISSING' });
        await none.close();
      } finally {
        await backend.cleanup();
      }
    });

    it('rotates: the old key still reads, rotate-keys rewrites under the new key, then the old key can go', async () => {
      const backend = make();
      try {
        // Written in the clear before encryption was switched on, then under key A, then rotated to key B.
        const plain = await backend.open();
        await plain.customers.upsertMany([{ ...olive, id: 'c-0', email: 'early@example.com' }]);
        await plain.close();
        const first = await backend.open(FieldCipher.fromBase64(keyA));
        expect((await first.customers.findByRef('early@example.com'))?.id).toBe('c-0');
        await first.customers.upsertMany([olive]);
        await first.close();

        const rotating = await backend.open(FieldCipher.fromBase64(keyB, [keyA]));
        expect((await rotating.customers.findByRef('olive.q@example.com'))?.id).toBe('c-1');
        expect(await rotateKeys(rotating, FieldCipher.fromBase64(keyB, [keyA]), silentLogger)).toEqual({ customers: 2, keyId: FieldCipher.fromBase64(keyB).current.id });
        await rotating.close();

        const raw = await backend.raw();
        expect(raw).not.toContain(`enc:v1:${FieldCipher.fromBase64(keyA).current.id}:`);
        expect(raw).not.toContain('early@example.com');
        const after = await backend.open(FieldCipher.fromBase64(keyB));
        expect(await after.customers.get('c-1')).toEqual(olive);
        expect((await after.customers.findByRef('early@example.com'))?.id).toBe('c-0');
        await after.close();
      } finally {
        await backend.cleanup();
      }
    });
  });
}

it('detects a tampered value', () => {
  const cipher = FieldCipher.fromBase64(keyA);
  const sealed = cipher.encrypt('secret');
  const parts = sealed.split(':');
  parts[5] = Buffer.from('Secret').toString('base64url');
  expect(() => cipher.decrypt(parts.join(':'), 'customer x')).toThrow(expect.objectContaining({ code: 'ENCRYPTION_FAILED' }));
  expect(cipher.decrypt(sealed, 'customer x')).toBe('secret');
});

it('validates the keys in the configuration', async () => {
  const { loadConfig } = await import('../../src/config/config.js');
  expect(loadConfig({ DATA_ENCRYPTION_KEY: keyA, DATA_ENCRYPTION_KEYS_OLD: `${keyB}, ${keyA}` }).dataEncryption).toEqual({ key: keyA, oldKeys: [keyB, keyA] });
  expect(() => loadConfig({ DATA_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/DATA_ENCRYPTION_KEY: must be base64 of 32 random bytes/);
  expect(() => loadConfig({ DATA_ENCRYPTION_KEYS_OLD: 'not base64!' })).toThrow(/DATA_ENCRYPTION_KEYS_OLD/);
});
