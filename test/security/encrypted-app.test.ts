// The app wired with DATA_ENCRYPTION_KEY: the seeded demo CRM is stored encrypted, and a customer who signs in to the
// web chat with their e-mail address is still recognised and answered by name.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Customer } from '../../src/store/ports.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let customer: Customer;

beforeAll(async () => {
  server = await startTestServer({ DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
  const [first] = await server.store.customers.list({ limit: 1 });
  if (!first?.email) throw new Error('demo data was not seeded');
  customer = first;
}, 60_000);

afterAll(async () => {
  await server.stop();
});

it('recognises a customer by e-mail while only ciphertext is on disk', async () => {
  const res = await call(server.url, '/api/web/messages', { body: { text: 'hello', customerRef: customer.email!.toUpperCase() } });
  expect(res.status).toBe(200);
  expect((res.body.replies as { text: string }[])[0]?.text).toContain(customer.name.split(' ')[0]);
  const file = readFileSync(join(server.dataDir, 'customers.db'), 'utf8');
  expect(file).not.toContain(customer.email!);
  expect(file).not.toContain(customer.name);
  expect(file).toContain('enc:v1:');
});
