// Conversation tests written as transcripts (test/fixtures/transcripts/*.txt), replayed through the web chat API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/store/ports.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'transcripts');

type Step = { kind: 'user' | 'bot' | 'intent' | 'action' | 'offer' | 'trigger'; value: string; line: number };

function parse(text: string): { customer: boolean; customerId?: string; steps: Step[] } {
  const steps: Step[] = [];
  let customer = false;
  // `as: customer <id>` signs in as that demo customer (for churn-dependent paths); `as: demo customer` as the first.
  let customerId: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line === 'as: demo customer') customer = true;
    const named = /^as: customer (\S+)$/.exec(line);
    if (named) [customer, customerId] = [true, named[1]];
    const match = /^(user|bot|intent|action|offer|trigger)>\s?(.*)$/.exec(line);
    if (match) steps.push({ kind: match[1] as Step['kind'], value: match[2] ?? '', line: i + 1 });
  });
  return { customer, customerId, steps };
}

let server: TestServer;
let customer: Customer;
let latestOrderId = '';

beforeAll(async () => {
  server = await startTestServer();
  const [first] = await server.store.customers.list({ limit: 1 });
  if (!first) throw new Error('demo data was not seeded');
  customer = first;
  const orders = await server.store.orders.listByCustomer(customer.id, 10);
  latestOrderId = orders.find((o) => o.status !== 'cancelled')?.id ?? '';
});

afterAll(async () => {
  await server.stop();
});

describe('conversation transcripts', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    it(file, async () => {
      const { customer: signedIn, customerId, steps } = parse(readFileSync(join(dir, file), 'utf8'));
      const vars = (s: string) => s.replaceAll('{firstName}', customer.name.split(' ')[0] ?? '').replaceAll('{latestOrderId}', latestOrderId);
      let conversationId: string | undefined;
      let token: string | undefined;
      let last: { intent?: unknown; text: string; action?: string } = { text: '' };
      for (const step of steps) {
        const where = `${file}:${step.line}`;
        if (step.kind === 'user') {
          const res = await call(server.url, '/api/web/messages', {
            body: { text: vars(step.value), ...(conversationId ? { conversationId } : {}), ...(!conversationId && signedIn ? { customerRef: customerId ?? customer.id } : {}) },
            headers: token ? { 'x-conversation-token': token } : {},
          });
          expect(res.status, where).toBe(200);
          conversationId ??= String(res.body.conversationId);
          token ??= String(res.body.conversationToken);
          const replies = res.body.replies as { text: string; card?: { title: string; text?: string }; suggestedActions?: { title: string }[] }[];
          const stored = await server.store.interactions.listByConversation(conversationId, { senders: ['customer'] });
          last = {
            intent: res.body.intent,
            text: replies.map((r) => [r.text, r.card?.title, r.card?.text, ...(r.suggestedActions ?? []).map((a) => a.title)].filter(Boolean).join(' ')).join('\n'),
            action: stored.at(-1)?.action,
          };
        } else if (step.kind === 'bot') {
          expect(last.text.toLowerCase(), where).toContain(vars(step.value).toLowerCase());
        } else if (step.kind === 'offer') {
          // The newest interaction carrying a retention offer: "<offer id> offered|accepted|declined".
          const marked = (await server.store.interactions.listByConversation(conversationId ?? '')).filter((i) => i.offer).at(-1);
          expect(marked?.offer ? `${marked.offer.id} ${marked.offer.status}` : 'none', where).toBe(step.value);
        } else if (step.kind === 'trigger') {
          const handoffs = await server.store.handoffs.listByConversation(conversationId ?? '');
          expect(handoffs.at(-1)?.trigger, where).toBe(step.value);
        } else if (step.kind === 'intent') {
          expect(String(last.intent), where).toBe(step.value);
        } else {
          expect(last.action, where).toBe(step.value);
        }
      }
    });
  }
});
