// A hand-built week of conversations with known figures (worked out in reports.test.ts), and both stores to load
// it into: the embedded store in a temp directory and the MongoDB store on the in-process CongoDB server.
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { createMongoStore } from '../../src/store/mongo/mongo-store.js';
import type { Handoff, Interaction, Store, TrainingLabel } from '../../src/store/ports.js';

const msg = (id: string, conversationId: string, at: string, rest: Partial<Interaction>): Interaction => ({
  id, conversationId, at: `2026-03-${at}Z`, channel: 'webchat', sender: 'customer', text: `message ${id}`, ...rest,
});

const cu1 = { customerId: 'cu1', segment: 'Champions', churnRisk: 0.1 };
const cu2 = { customerId: 'cu2', channel: 'teams' as const, segment: 'At Risk', churnRisk: 0.7 };

export const interactions: Interaction[] = [
  // Previous period (Feb 22–28) and after the period: only the trend may see the first.
  { ...msg('m0', 'c0', '01T00:00:00.000', { intent: 'order_status', confidence: 0.9, action: 'order_lookup' }), at: '2026-02-28T23:59:59.999Z' },
  msg('m10', 'c9', '08T00:00:00.000', { intent: 'order_status', confidence: 0.9, action: 'order_lookup', latencyMs: 999 }),
  msg('m1', 'c1', '01T10:00:00.000', {
    ...cu1, intent: 'order_status', confidence: 0.9, action: 'order_lookup', latencyMs: 10,
    ranking: [{ intent: 'order_status', confidence: 0.9 }, { intent: 'return_refund', confidence: 0.05 }],
  }),
  msg('m2', 'c1', '01T10:01:00.000', {
    ...cu1, text: 'Can I pay with bitcoin?', confidence: 0.2, action: 'fallback', latencyMs: 20,
    ranking: [{ intent: 'greeting', confidence: 0.2 }, { intent: 'thanks', confidence: 0.15 }],
  }),
  msg('b2', 'c1', '01T10:01:00.100', { ...cu1, sender: 'bot', action: 'fallback', offer: { id: 'o1', status: 'offered' } }),
  msg('m3', 'c2', '02T09:00:00.000', {
    ...cu2, intent: 'human_agent', confidence: 0.8, action: 'handoff', latencyMs: 30,
    ranking: [{ intent: 'human_agent', confidence: 0.8 }, { intent: 'complaint', confidence: 0.7 }],
  }),
  msg('b1', 'c2', '02T09:00:00.100', { ...cu2, sender: 'bot', action: 'handoff', offer: { id: 'o2', status: 'offered' } }),
  msg('m4', 'c2', '02T09:05:00.000', { ...cu2, action: 'relayed_to_agent', latencyMs: 5, offer: { id: 'o2', status: 'accepted' } }),
  msg('m5', 'c3', '03T12:00:00.000', { text: 'can i pay with bitcoin please', confidence: 0.1, action: 'fallback', latencyMs: 40 }),
  msg('m6', 'c3', '03T12:01:00.000', {
    text: "where's my stuff", intent: 'order_status', confidence: 0.45, action: 'order_lookup', latencyMs: 50,
    ranking: [{ intent: 'order_status', confidence: 0.45 }, { intent: 'return_refund', confidence: 0.4 }],
  }),
];

export const handoffs: Handoff[] = [
  { id: 'h1', conversationId: 'c2', customerId: 'cu2', trigger: 'customer_request', reason: 'asked', priority: 1, requestedAt: '2026-03-02T09:00:00.000Z', claimedAt: '2026-03-02T09:01:00.000Z', endedAt: '2026-03-02T09:11:00.000Z', outcome: 'resolved', agent: 'a' },
  { id: 'h2', conversationId: 'c1', customerId: 'cu1', trigger: 'repeated_fallback', reason: 'x', priority: 1, requestedAt: '2026-03-01T10:02:00.000Z' },
  { id: 'h3', conversationId: 'c0', trigger: 'complaint', reason: 'x', priority: 1, requestedAt: '2026-02-20T10:02:00.000Z' },
];

export const labels: TrainingLabel[] = [
  { id: 'l1', text: "where's my stuff", intent: 'return_refund', predictedIntent: 'order_status', interactionId: 'm6', createdBy: 'manager', createdAt: '2026-03-04T08:00:00.000Z' },
  { id: 'l2', text: 'old', intent: 'thanks', predictedIntent: 'greeting', createdBy: 'manager', createdAt: '2026-01-04T08:00:00.000Z' },
  { id: 'l3', text: 'same', intent: 'greeting', predictedIntent: 'greeting', createdBy: 'manager', createdAt: '2026-03-04T08:00:00.000Z' },
];

export const WEEK = { from: '2026-03-01', to: '2026-03-07' };

export async function loadFixtures(store: Store): Promise<void> {
  for (const i of interactions) await store.interactions.append(i);
  for (const h of handoffs) await store.handoffs.create(h);
  for (const l of labels) await store.labels.add(l);
}

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

export async function openEmbedded(): Promise<OpenedStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-reports-'));
  const store = await createEmbeddedStore({ dataDir, logger: silentLogger });
  return { store, cleanup: async () => { await store.close(); rmSync(dataDir, { recursive: true, force: true }); } };
}

export async function startCongo(): Promise<{ uri: string; stop(): Promise<void> }> {
  const congo = new CongoServer({ host: '127.0.0.1', port: 0, storage: 'memory' });
  await congo.start();
  const address = (congo as unknown as { server: { address(): AddressInfo } }).server.address();
  return { uri: `mongodb://127.0.0.1:${address.port}`, stop: () => congo.stop() };
}

export async function openMongo(uri: string): Promise<OpenedStore> {
  const db = `concierge_reports_${randomUUID().slice(0, 8)}`;
  const store = await createMongoStore({ uri, db, logger: silentLogger });
  return {
    store,
    cleanup: async () => {
      await store.close();
      const client = await MongoClient.connect(uri);
      await client.db(db).dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}
