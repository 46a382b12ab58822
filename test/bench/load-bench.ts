// npm run bench:load — the server in its own process on a temporary embedded store (rate limits off), concurrent
// web-chat customers over HTTP on 127.0.0.1 for a bounded count and time; then turns/s, latency percentiles, errors,
// and a check that the store holds every acknowledged message exactly once. Baseline in the same run: GET /healthz
// through the same client at the same concurrency. Then an in-process profile of one turn's stages.
//   options: --concurrency 16 --turns 6000 --seconds 20 --per-conversation 6 --cpu-prof (profile written to ./profiles)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer } from '../../src/app.js';
import { createStore } from '../../src/store/create-store.js';
import { loadConfig } from '../../src/config/config.js';
import { demoCustomers, loadDemoSample } from '../../src/crm/demo-seed.js';
import { silentLogger } from '../../src/logger.js';
import { checkStored, keepAliveClient, LOAD_MESSAGES, percentile, runLoad, type LoadResult } from './load-driver.js';
import { profileTurnStages } from './turn-stages.js';

const { values: args } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    turns: { type: 'string', default: '6000' },
    seconds: { type: 'string', default: '20' },
    'per-conversation': { type: 'string', default: '6' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const concurrency = Number(args.concurrency);
const maxTurns = Number(args.turns);
const maxMs = Number(args.seconds) * 1000;
const perConversation = Number(args['per-conversation']);

const env = { HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'test', RATE_LIMIT_PER_IP_PER_MIN: '0', RATE_LIMIT_PER_CONVERSATION_PER_MIN: '0' };

async function startChild(dataDir: string) {
  const nodeArgs = ['--import', 'tsx', ...(args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', 'profiles'] : []), 'src/main.ts'];
  const child = spawn(process.execPath, nodeArgs, { env: { ...process.env, ...env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /web chat: (http:\/\/[^/\s]+)\//.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
  return { child, url };
}

function summarise(name: string, r: Pick<LoadResult, 'turns' | 'ok' | 'elapsedMs' | 'latenciesMs' | 'statuses'>) {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  const errors = r.turns - r.ok;
  return {
    name,
    requests: r.turns,
    perSecond: Math.round((r.ok / r.elapsedMs) * 1000 * 10) / 10,
    p50: Math.round(percentile(sorted, 50) * 10) / 10,
    p95: Math.round(percentile(sorted, 95) * 10) / 10,
    p99: Math.round(percentile(sorted, 99) * 10) / 10,
    errors,
    statuses: r.statuses,
  };
}

/** CPU seconds (user + system) the process has used, from /proc (Linux); null elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

async function healthBaseline(url: string, count: number) {
  const client = keepAliveClient(url, concurrency);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) {
        const sent = performance.now();
        const reply = await client.send('GET', '/healthz');
        latenciesMs.push(performance.now() - sent);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        if (reply.status === 200) ok += 1;
      }
    }),
  );
  client.close();
  return { turns: count, ok, elapsedMs: performance.now() - started, latenciesMs, statuses };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-load-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'concierge-stages-'));
  try {
    const { child, url } = await startChild(dataDir);
    // Warm-up (JIT, caches), not counted.
    await runLoad({ url, concurrency, turnsPerConversation: perConversation, maxTurns: 200, maxMs: 10_000 });
    const refs = customerRefs();
    const baseline = summarise('GET /healthz (baseline)', await healthBaseline(url, 10_000));
    const cpuBefore = cpuSecondsOf(child.pid);
    const load = await runLoad({ url, concurrency, turnsPerConversation: perConversation, maxTurns, maxMs, customerRefs: refs });
    const cpuAfter = cpuSecondsOf(child.pid);
    const turns = summarise('POST /api/web/messages (turn)', load);
    // The server's own CPU per turn does not depend on what else the machine runs; its inverse is what one
    // otherwise idle core could sustain (the server is one event loop; file writes go to libuv's threads).
    const serverCpuMsPerTurn = cpuBefore === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore) * 1000 * 1000) / load.ok) / 1000;
    child.kill('SIGTERM');
    await once(child, 'exit');

    const store = await createStore({ dataDir, mongo: null, logger: silentLogger });
    const stored = await checkStored(store, load.conversations);
    await store.close();

    const stages = await profileStages(profileDir);

    console.log(`\nbench:load — ${concurrency} concurrent customers, ${perConversation} turns per conversation, up to ${maxTurns} turns / ${maxMs / 1000} s, embedded store, rate limits off`);
    console.log('| run | requests | per s | p50 ms | p95 ms | p99 ms | errors |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of [baseline, turns]) console.log(`| ${r.name} | ${r.requests} | ${r.perSecond} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} |`);
    if (serverCpuMsPerTurn !== null) console.log(`\nserver CPU per turn: ${serverCpuMsPerTurn} ms (user + system) → one idle core ≈ ${Math.round(1000 / serverCpuMsPerTurn)} turns/s`);
    console.log(`\nstore check: ${stored.acknowledged} acknowledged, ${stored.stored} stored, ${stored.lost} lost, ${stored.duplicated} duplicated (conversations: ${load.conversations.length})`);
    console.log(`\nwhere a turn's time goes (in-process, sequential, ${stages.turns} turns, mean ms per turn):`);
    console.log('| stage | ms/turn | share |');
    console.log('|---|---:|---:|');
    for (const s of stages.rows) console.log(`| ${s.stage} | ${s.msPerTurn} | ${s.share} |`);
    console.log(JSON.stringify({ bench: 'load', concurrency, perConversation, baseline, turns, serverCpuMsPerTurn, stored, stages }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  }
}

/** Demo customers to sign in as (half the simulated customers do): the server seeds the same sample. */
function customerRefs(): string[] {
  return demoCustomers(loadDemoSample(), 8).map((c) => c.id);
}

/**
 * The turn pipeline exactly as app.ts builds it, on a fresh seeded store; the NLU is timed inside the same turns.
 */
async function profileStages(dataDir: string) {
  const config = loadConfig({ ...env, DATA_DIR: dataDir });
  const built = await buildServer(config, silentLogger);
  try {
    return await profileTurnStages({ store: built.store, handleTurn: built.handleTurn, nlu: built.nlu, messages: LOAD_MESSAGES, turns: 1200, perConversation });
  } finally {
    built.stopHandoff();
    await built.store.close();
  }
}

await main();
