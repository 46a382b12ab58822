// Access and erasure on both stores, with data made the real way (a signed-in web chat with a handoff), plus a label,
// an audit entry and an outbox record about the customer. After forget-customer, every collection is searched as
// the database holds it (NeDB files, raw MongoDB documents, the outbox file) for the customer's id, name, e-mail,
// phone and words: none may remain. The embedded run goes through the CLI itself.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { congoForFile } from '../support/congo.js';
import { silentLogger } from '../../src/logger.js';
import { FileOutbox } from '../../src/reliability/outbox.js';
import { exportCustomer, forgetCustomer, type CustomerExport } from '../../src/security/customer-privacy.js';
import { createStore } from '../../src/store/create-store.js';
import type { Customer, Store } from '../../src/store/ports.js';
import { call, startTestServer } from '../support/test-server.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const at = new Date().toISOString();
const zeb: Customer = { id: 'cust-7c1f9a', name: 'Zebedee Marchbanks', email: 'zebedee.m@example.org', phone: '+44 7700 900777', source: 'manual', createdAt: at, updatedAt: at };
const words = 'purple elephant umbrella';
const secrets = [zeb.id, 'Zebedee', 'Marchbanks', 'zebedee.m@example.org', '900777', 'purple elephant'];

const congoUri = congoForFile();

/** A real conversation through the app: signed in, a message with their words, a request for a person. */
async function makeHistory(env: Record<string, string>): Promise<string> {
  const server = await startTestServer({ SEED_DEMO_DATA: 'false', ...env });
  try {
    await server.store.customers.upsertMany([zeb]);
    await server.store.orders.upsertMany([{ id: 'ord-9001', customerId: zeb.id, placedAt: at, status: 'delivered', lines: [{ productId: 'p1', description: 'Mug', quantity: 1, unitPrice: 4 }], total: 4, currency: 'GBP' }]);
    const first = await call(server.url, '/api/web/messages', { body: { text: 'hello', customerRef: zeb.email } });
    const headers = { 'x-conversation-token': String(first.body.conversationToken) };
    const conversationId = String(first.body.conversationId);
    for (const text of [`I lost my ${words}`, 'I want to talk to a person']) {
      expect((await call(server.url, '/api/web/messages', { body: { text, conversationId }, headers })).status).toBe(200);
    }
    const [mine] = await server.store.interactions.listByConversation(conversationId, { limit: 1 });
    await server.store.labels.add({ id: 'label-1', text: mine!.text, intent: 'greeting', interactionId: mine!.id, createdBy: 'manager', createdAt: at });
    await server.store.audit.append({ id: 'audit-1', at, actor: 'agent', action: 'customer.viewed', customerId: zeb.id, detail: { email: zeb.email } });
    return server.dataDir;
  } finally {
    await server.close();
  }
}

function expectNoSecrets(dump: string): void {
  for (const secret of secrets) expect(dump, secret).not.toContain(secret);
}

async function openOutboxWithPending(dataDir: string, conversationId: string): Promise<FileOutbox> {
  const outbox = FileOutbox.open(dataDir, silentLogger);
  outbox.add({ kind: 'interaction', doc: { id: `pending-${randomUUID()}`, conversationId, channel: 'webchat', customerId: zeb.id, sender: 'customer', text: `still waiting: ${words}`, at } });
  return outbox;
}

describe('export and erasure', () => {
  it('on the embedded store, through the CLI', async () => {
    const dataDir = await makeHistory({});
    try {
      const store = await createStore({ dataDir, mongo: null, logger: silentLogger });
      const conversationId = (await store.customerData.collect(zeb.id)).conversations[0]!.id;
      await store.close();
      (await openOutboxWithPending(dataDir, conversationId)).close();

      const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
      const out = join(dataDir, 'export.json');
      await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'export-customer', zeb.id, '--out', out, '--json'], { cwd: root, env });
      const exported = JSON.parse(readFileSync(out, 'utf8')) as CustomerExport;
      expect(exported.customer).toEqual(zeb);
      expect([exported.orders.length, exported.conversations.length, exported.handoffs.length, exported.labels.length, exported.pending.length]).toEqual([1, 1, 1, 1, 1]);
      expect(exported.interactions.length).toBeGreaterThanOrEqual(6);
      rmSync(out);

      const preview = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'forget-customer', zeb.id], { cwd: root, env });
      expect(preview.stdout).toContain('Run again with --yes');
      const forgot = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'forget-customer', zeb.id, '--yes', '--json'], { cwd: root, env });
      const result = JSON.parse(forgot.stdout.trim().split('\n').at(-1)!) as { erasureId: string; counts: Record<string, number> };
      expect(result.counts).toMatchObject({ customers: 1, ordersAnonymised: 1, conversationsDeleted: 1, handoffsAnonymised: 1, labelsDeleted: 1, outboxRemoved: 1 });

      const files = readdirSync(dataDir).filter((f) => f.endsWith('.db')).map((f) => join(dataDir, f));
      const dump = [...files, join(dataDir, 'outbox', 'outbox.jsonl')].map((f) => readFileSync(f, 'utf8')).join('\n');
      expectNoSecrets(dump);
      expect(dump).toContain(result.erasureId); // the kept order and messages, and the audit record of the erasure
      const after = await createStore({ dataDir, mongo: null, logger: silentLogger });
      const audit = await after.audit.list();
      expect(audit.find((e) => e.action === 'customer.erased')?.detail).toMatchObject({ erasureId: result.erasureId });
      expect(audit.filter((e) => e.action === 'customer.exported')).toHaveLength(1);
      expect(await after.interactions.count()).toBe(exported.interactions.length); // anonymised, not lost from the figures
      await after.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('on MongoDB', async () => {
    const db = `privacy_${randomUUID().slice(0, 8)}`;
    const dataDir = await makeHistory({ MONGODB_URI: congoUri(), MONGODB_DB: db });
    let store: Store | undefined;
    try {
      store = await createStore({ dataDir, mongo: { uri: congoUri(), db }, logger: silentLogger });
      const conversationId = (await store.customerData.collect(zeb.id)).conversations[0]!.id;
      const outbox = await openOutboxWithPending(dataDir, conversationId);
      const exported = await exportCustomer(store, zeb.id, { actor: 'test', outbox });
      expect(exported.customer).toEqual(zeb);
      expect(exported.pending).toHaveLength(1);
      const { erasureId } = await forgetCustomer(store, zeb.id, { actor: 'test', outbox, logger: silentLogger });
      expect(outbox.depth).toBe(0);
      outbox.close();

      const client = await MongoClient.connect(congoUri());
      try {
        const names = (await client.db(db).listCollections().toArray()).map((c) => c.name);
        expect(names.length).toBeGreaterThanOrEqual(8);
        const docs = await Promise.all(names.map((n) => client.db(db).collection(n).find({}).toArray()));
        const dump = JSON.stringify(docs) + readFileSync(join(dataDir, 'outbox', 'outbox.jsonl'), 'utf8');
        expectNoSecrets(dump);
        expect(dump).toContain(erasureId);
      } finally {
        await client.close();
      }
      await expect(exportCustomer(store, zeb.id, { actor: 'test' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await store?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
