// Benchmark: every report over 100,000 generated interactions (50,000 customer messages and their replies, 10,000
// conversations, 3,000 handoffs) on the embedded store, 30-day period. Data is written straight into the NeDB files in
// the stored form (through the collections' own codec), then the store is opened as the server opens it.
// Each report runs once to warm up, then RUNS times; prints a table (p50 / max ms) and one JSON line.
// Target (issue 7): < 1 s per report. Run: npm run bench:reports
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/logger.js';
import { churnMixReport } from '../../src/reports/churn-mix-report.js';
import { confidenceReport } from '../../src/reports/confidence-report.js';
import { fallbackReport } from '../../src/reports/fallback-report.js';
import { handoffReport } from '../../src/reports/handoff-report.js';
import { intentReport, intentUtterances } from '../../src/reports/intent-report.js';
import { percentile } from '../../src/reports/percentiles.js';
import { resolveFilters } from '../../src/reports/report-filters.js';
import { summaryReport } from '../../src/reports/summary-report.js';
import { encode, type CollectionSpec } from '../../src/store/collection-spec.js';
import { collectionSpecs } from '../../src/store/collections.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';
import { Aggregator } from 'mingo';
import type { AggregationPipeline, AggregationRow, Conversation, Handoff, Interaction, Store } from '../../src/store/ports.js';
import { mulberry32 } from '../../src/nlu/lexical/seeded-random.js';

const INTERACTIONS = 100_000;
const CONVERSATIONS = 10_000;
const RUNS = 5;
const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00Z');

const INTENTS = ['order_status', 'return_refund', 'cancel_order', 'delivery_time', 'payment_methods', 'product_recommendation', 'human_agent', 'complaint', 'greeting', 'thanks', 'opening_hours', 'account_help'];
const SEGMENTS = ['Champions', 'Loyal', 'At Risk', 'Hibernating', 'New'];
const UNKNOWN = ['can i pay with bitcoin', 'do you sell gift cards', 'is there a student discount', 'what is the weather', 'can you write me a poem', 'do you ship to mars', 'where is your warehouse', 'are you hiring'];
const WORDS = ['please', 'today', 'now', 'thanks', 'quickly', 'again', 'really', 'ok', 'hello', 'for my mum'];

function generate() {
  const random = mulberry32(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const interactions: Interaction[] = [];
  const conversations: Conversation[] = [];
  const handoffs: Handoff[] = [];
  const perConversation = INTERACTIONS / CONVERSATIONS / 2;
  for (let c = 0; c < CONVERSATIONS; c++) {
    const started = now.getTime() - Math.floor(random() * 30 * DAY);
    const channel = random() < 0.7 ? 'webchat' : 'teams';
    const customerId = random() < 0.6 ? `cu${Math.floor(random() * 3000)}` : undefined;
    const known = customerId ? { customerId, segment: pick(SEGMENTS), churnRisk: random() } : {};
    const conversationId = `c${c}`;
    conversations.push({ id: conversationId, channel, ...(customerId ? { customerId } : {}), state: 'bot', failedTurns: 0, startedAt: new Date(started).toISOString(), lastMessageAt: new Date(started).toISOString() });
    for (let t = 0; t < perConversation; t++) {
      const at = new Date(started + t * 60_000).toISOString();
      const unknown = random() < 0.12;
      const top = pick(INTENTS);
      const confidence = unknown ? random() * 0.4 : 0.4 + random() * 0.6;
      const second = pick(INTENTS);
      const action = unknown ? 'fallback' : top === 'human_agent' ? 'handoff' : 'answer';
      const id = `i${c}-${t}`;
      interactions.push({
        id: `${id}-a`, conversationId, channel, ...known, sender: 'customer', at,
        text: unknown ? `${pick(UNKNOWN)} ${pick(WORDS)}` : `message about ${top}`,
        ...(unknown ? {} : { intent: top }), confidence, action, latencyMs: 2 + random() * 40,
        ranking: [{ intent: top, confidence }, { intent: second, confidence: confidence * random() }],
        ...(random() < 0.01 ? { offer: { id: 'o1', status: pick(['offered', 'accepted', 'declined'] as const) } } : {}),
      });
      interactions.push({ id: `${id}-b`, conversationId, channel, ...known, sender: 'bot', at, text: 'reply', action, inReplyTo: `${id}-a` });
      if (action === 'handoff' && handoffs.length < 3000) {
        const claimed = random() < 0.8 ? started + t * 60_000 + random() * 600_000 : undefined;
        handoffs.push({
          id: `h${handoffs.length}`, conversationId, trigger: pick(['customer_request', 'repeated_fallback', 'complaint']), reason: 'r', priority: 1, requestedAt: at,
          ...(claimed ? { claimedAt: new Date(claimed).toISOString(), endedAt: new Date(claimed + random() * 1_800_000).toISOString(), outcome: 'resolved' } : {}),
        });
      }
    }
  }
  return { interactions, conversations, handoffs };
}

function writeNedbFile<T>(dir: string, spec: CollectionSpec<T>, docs: T[]): void {
  const lines = docs.map((d) => JSON.stringify({ ...encode(spec, d), _id: String(d[spec.key]) }));
  writeFileSync(join(dir, `${spec.name}.db`), `${lines.join('\n')}\n`);
}

/** JSON with object keys sorted: mingo orders projected fields by name, MongoDB (and the fast path) as written. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-reports-bench-'));
  mkdirSync(dataDir, { recursive: true });
  const data = generate();
  writeNedbFile(dataDir, collectionSpecs.interactions, data.interactions);
  writeNedbFile(dataDir, collectionSpecs.conversations, data.conversations);
  writeNedbFile(dataDir, collectionSpecs.handoffs, data.handoffs);
  const opening = performance.now();
  const store = await createEmbeddedStore({ dataDir, logger: silentLogger });
  const openMs = Math.round(performance.now() - opening);
  const filters = resolveFilters({}, now);
  // Baseline in the same run: the same reports with every aggregation run by mingo (the embedded store's engine before
  // the compiled fast path) over the same documents; one run each, and the answers must be identical.
  const allDocs = async (c: 'interactions' | 'handoffs') => (await store[c].aggregate([{ $match: {} }])) as Record<string, unknown>[];
  const docs = { interactions: await allDocs('interactions'), handoffs: await allDocs('handoffs') };
  const viaMingo = (c: 'interactions' | 'handoffs') => async (p: AggregationPipeline) => new Aggregator(p).run(docs[c]) as AggregationRow[];
  const mingoStore: Store = { ...store, interactions: { ...store.interactions, aggregate: viaMingo('interactions') }, handoffs: { ...store.handoffs, aggregate: viaMingo('handoffs') } };
  const reportsOn = (store: Store): Record<string, () => Promise<unknown>> => ({
    summary: () => summaryReport(store, filters),
    intents: () => intentReport(store, filters),
    utterances: () => intentUtterances(store, filters, 'order_status', { page: 1, pageSize: 50 }),
    confidence: () => confidenceReport(store, filters),
    fallbacks: () => fallbackReport(store, filters),
    handoffs: () => handoffReport(store, filters),
    churnMix: () => churnMixReport(store, filters),
    'summary (channel=teams)': () => summaryReport(store, { ...filters, channel: 'teams' }),
  });
  const reports = reportsOn(store);
  const baseline = reportsOn(mingoStore);
  const results: Record<string, { p50: number; max: number; mingoMs: number; sameAsMingo: boolean }> = {};
  console.log(`${data.interactions.length} interactions, ${data.conversations.length} conversations, ${data.handoffs.length} handoffs; store opened in ${openMs} ms; ${RUNS} warm runs each`);
  console.log('| report | p50 ms | max ms | mingo ms | same answer |\n|---|---|---|---|---|');
  for (const [name, run] of Object.entries(reports)) {
    const answer = canonicalJson(await run());
    const mingoStarted = performance.now();
    const mingoAnswer = canonicalJson(await baseline[name]!());
    const mingoMs = Math.round(performance.now() - mingoStarted);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await run();
      times.push(Math.round(performance.now() - started));
    }
    results[name] = { p50: percentile(times, 50)!, max: Math.max(...times), mingoMs, sameAsMingo: answer === mingoAnswer };
    console.log(`| ${name} | ${results[name].p50} | ${results[name].max} | ${mingoMs} | ${answer === mingoAnswer ? 'yes' : 'NO'} |`);
  }
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  const worstMax = Math.max(...Object.values(results).map((r) => r.max));
  console.log(JSON.stringify({ interactions: data.interactions.length, runs: RUNS, targetMs: 1000, worstMaxMs: worstMax, underTarget: worstMax < 1000, allSameAsMingo: Object.values(results).every((r) => r.sameAsMingo), reports: results }));
}

await main();
