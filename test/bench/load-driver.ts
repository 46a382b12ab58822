// Drives concurrent web-chat customers over HTTP (keep-alive, 127.0.0.1) and checks afterwards that every message
// the server acknowledged was stored once. Shared by `npm run bench:load` and the short load test in `npm test`.
import { Agent, request } from 'node:http';
import type { Store } from '../../src/store/ports.js';

/** What customers type: written for this bench, not taken from intents/ or a data set. */
export const LOAD_MESSAGES = [
  'hi there',
  'where is my parcel? it has been a week',
  'I would like to send back the shoes I bought',
  'can I pay with paypal',
  'how do I change the address on my account',
  'my package arrived damaged, what now',
  'what time do you deliver on saturdays',
  'cancel my subscription please',
  'do you have any recommendations for me',
  'thank you, that helps',
  'the app keeps logging me out',
  'is there a discount for students',
];

export interface LoadOptions {
  url: string;
  /** Simultaneous customers; each keeps one request in flight. */
  concurrency: number;
  /** Turns per conversation before the customer starts a new one. */
  turnsPerConversation: number;
  /** Stop after this many turns in total… */
  maxTurns: number;
  /** …or after this long, whichever comes first. */
  maxMs: number;
  /** Some customers sign in as a CRM customer (personalised answers, profile lookups). */
  customerRefs?: string[];
}

export interface ConversationLog {
  id: string;
  /** Messages sent in this conversation (acknowledged or not). */
  attempted: number;
  /** Messages the server answered 200 for. */
  acknowledged: number;
}

export interface LoadResult {
  turns: number;
  ok: number;
  elapsedMs: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  conversations: ConversationLog[];
}

interface Reply {
  status: number;
  body: string;
}

export function keepAliveClient(url: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(url);
  return {
    send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const req = request({ agent, host: base.hostname, port: base.port, method, path, headers: { 'content-type': 'application/json', ...headers }, timeout: 30_000 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs the customers until maxTurns or maxMs; never throws for a failed request (it is counted). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const client = keepAliveClient(options.url, options.concurrency);
  const result: LoadResult = { turns: 0, ok: 0, elapsedMs: 0, latenciesMs: [], statuses: {}, conversations: [] };
  const started = performance.now();
  const more = () => result.turns < options.maxTurns && performance.now() - started < options.maxMs;

  async function customer(index: number): Promise<void> {
    let n = index;
    while (more()) {
      let conversation: ConversationLog | undefined;
      let token = '';
      for (let t = 0; t < options.turnsPerConversation && more(); t++) {
        result.turns += 1;
        const text = LOAD_MESSAGES[n++ % LOAD_MESSAGES.length]!;
        const ref = options.customerRefs && index % 2 === 0 ? options.customerRefs[index % options.customerRefs.length] : undefined;
        const body = JSON.stringify({ text, ...(conversation ? { conversationId: conversation.id } : {}), ...(ref ? { customerRef: ref } : {}) });
        if (conversation) conversation.attempted += 1;
        const sent = performance.now();
        let reply: Reply;
        try {
          reply = await client.send('POST', '/api/web/messages', body, token ? { 'x-conversation-token': token } : {});
        } catch {
          reply = { status: 0, body: '' };
        }
        result.latenciesMs.push(performance.now() - sent);
        result.statuses[String(reply.status)] = (result.statuses[String(reply.status)] ?? 0) + 1;
        if (reply.status !== 200) {
          if (!conversation) break; // the first message failed: no conversation to continue
          continue;
        }
        result.ok += 1;
        if (!conversation) {
          const parsed = JSON.parse(reply.body) as { conversationId: string; conversationToken: string };
          conversation = { id: parsed.conversationId, attempted: 1, acknowledged: 0 };
          token = parsed.conversationToken;
          result.conversations.push(conversation);
        }
        conversation.acknowledged += 1;
      }
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => customer(i)));
  result.elapsedMs = performance.now() - started;
  client.close();
  return result;
}

export interface StoredCheck {
  stored: number;
  acknowledged: number;
  /** Acknowledged messages missing from the store. */
  lost: number;
  /** Stored customer messages beyond what was sent. */
  duplicated: number;
}

/** Counts the customer messages stored per conversation against what was acknowledged and attempted. */
export async function checkStored(store: Store, conversations: ConversationLog[]): Promise<StoredCheck> {
  const check: StoredCheck = { stored: 0, acknowledged: 0, lost: 0, duplicated: 0 };
  for (const c of conversations) {
    const stored = await store.interactions.count({ conversationId: c.id, sender: 'customer' });
    check.stored += stored;
    check.acknowledged += c.acknowledged;
    check.lost += Math.max(0, c.acknowledged - stored);
    check.duplicated += Math.max(0, stored - c.attempted);
  }
  return check;
}
