// SIGTERM on the real process (src/main.ts in a child): new connections are refused, a turn in flight is finished
// and answered, every acknowledged turn is in the store afterwards, and the exit code is 0. A second signal exits at
// once. The in-flight turn is made deterministic by holding its request body back until after the signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createEmbeddedStore } from '../../src/store/embedded/embedded-store.js';

const root = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Child {
  process: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  /** Resolves when the child prints a line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
}

async function startChild(dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', SEED_DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    for (const w of waiting.filter((w) => w.pattern.test(line))) w.resolve(line);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = (pattern: RegExp) => {
    const seen = lines.find((l) => pattern.test(l));
    return seen ? Promise.resolve(seen) : new Promise<string>((resolve) => waiting.push({ pattern, resolve }));
  };
  const ready = await Promise.race([line(/web chat: http:\/\/\S+\//), exited.then((code) => { throw new Error(`child exited (${code}): ${lines.join('\n')}`); })]);
  const url = /web chat: (http:\/\/\S+)\//.exec(ready)![1]!;
  return { process: child, url, exited, line };
}

async function post(url: string, text: string): Promise<{ status: number; body: { conversationId?: string } }> {
  const res = await fetch(`${url}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  return { status: res.status, body: (await res.json()) as { conversationId?: string } };
}

/** A turn whose request has arrived but whose body is held back: in flight until `finish` is called. */
function heldTurn(url: string, text: string) {
  const body = JSON.stringify({ text });
  const req = request(`${url}/api/web/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const response = new Promise<{ status: number; body: { conversationId?: string } }>((resolve, reject) => {
    req.on('response', (res) => {
      let data = '';
      res.on('data', (chunk: Buffer) => (data += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) as { conversationId?: string } }));
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 5));
  req.flushHeaders();
  return { response, finish: () => req.end(body.slice(5)) };
}

it('finishes turns in flight on SIGTERM, stores every acknowledged one and exits 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-sigterm-'));
  dirs.push(dataDir);
  const child = await startChild(dataDir);
  expect((await post(child.url, 'hello')).status).toBe(200);

  const held = heldTurn(child.url, 'where is my parcel?');
  // Another full turn on a second connection: once it is answered, the held request's headers have been read.
  const warm = await post(child.url, 'hi');
  const burst = Array.from({ length: 20 }, (_, i) => post(child.url, `question number ${i}`).catch(() => null));
  child.process.kill('SIGTERM');
  await child.line(/SIGTERM received/);
  await expect(fetch(`${child.url}/healthz`)).rejects.toThrow();
  held.finish();
  const late = await held.response;
  expect(late.status).toBe(200);
  expect(await child.exited).toBe(0);

  const acknowledged = [warm, late, ...(await Promise.all(burst)).filter((r) => r?.status === 200)].map((r) => r!.body.conversationId!);
  const store = await createEmbeddedStore({ dataDir, logger: silentLogger });
  try {
    for (const id of acknowledged) expect(await store.interactions.count({ conversationId: id, sender: 'customer' })).toBe(1);
  } finally {
    await store.close();
  }
}, 60_000);

it('exits at once on a second signal, and after SHUTDOWN_TIMEOUT_MS when a turn never completes', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'concierge-sigterm-'));
  dirs.push(dataDir);
  const impatient = await startChild(dataDir, { SHUTDOWN_TIMEOUT_MS: '600000' });
  heldTurn(impatient.url, 'never finished').response.catch(() => undefined);
  await post(impatient.url, 'hi');
  impatient.process.kill('SIGTERM');
  await impatient.line(/SIGTERM received/);
  impatient.process.kill('SIGINT');
  expect(await impatient.exited).toBe(1);

  const bounded = await startChild(dataDir, { SHUTDOWN_TIMEOUT_MS: '300' });
  heldTurn(bounded.url, 'never finished').response.catch(() => undefined);
  await post(bounded.url, 'hi');
  bounded.process.kill('SIGTERM');
  expect(await bounded.exited).toBe(0);
}, 60_000);
