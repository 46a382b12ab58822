// The reports issue's "done when", over HTTP on the real intents/: a few hundred simulated conversations, a manager
// finds the unrecognised questions in the fallback report, labels the ones about two topics the bot has no intent
// for, an admin retrains, and the new model is live and better on the evaluation rows — held-out tests plus the new
// labels, each label judged by a model trained without it. The model file goes to a temporary MODELS_DIR.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/logger.js';
import { runSimulateCommand } from '../../src/reports/report-cli.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

const root = mkdtempSync(join(tmpdir(), 'concierge-walkthrough-'));
const env = { DATA_DIR: join(root, 'data'), MODELS_DIR: join(root, 'models') };
let server: TestServer;
const tokens: Record<string, string> = {};

/** The manager's reading of a cluster: which new intent its questions belong to, if any. */
const TOPICS: [RegExp, string][] = [
  [/\b(trade|wholesale|bulk|resell)\b/u, 'trade_account'],
  [/\b(points|reward|rewards|loyalty)\b/u, 'loyalty_points'],
];

beforeAll(async () => {
  cpSync('models', env.MODELS_DIR, { recursive: true });
  const config = loadConfig({ ...env, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  await runSimulateCommand(['--conversations', '250', '--seed', '3'], { build: (now) => buildServer(config, silentLogger, { now }), intentsDir: config.intentsDir, out: () => undefined });
  server = await startTestServer(env);
  for (const user of DEMO_USERS) tokens[user.role] = String((await call(server.url, '/api/auth/login', { body: { username: user.username, password: user.password } })).body.token);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const as = (role: string, path: string, body?: unknown) => call(server.url, path, { headers: { authorization: `Bearer ${tokens[role]}` }, ...(body === undefined ? {} : { body }) });

describe('manager walk-through: unrecognised questions → labels → retrain → a better live model', () => {
  it('labels the new topics found in the fallback report, retrains, and the bot knows them without a restart', async () => {
    const report = await as('manager', '/api/reports/fallbacks');
    expect(report.status).toBe(200);
    const clusters = report.body.clusters as { label: string; count: number; examples: string[] }[];
    expect(clusters.length).toBeGreaterThan(5);

    const labelled = new Map<string, string>();
    for (const cluster of clusters) {
      for (const text of cluster.examples) {
        const topic = TOPICS.find(([pattern]) => pattern.test(text.toLowerCase()));
        if (topic && !labelled.has(text)) labelled.set(text, topic[1]);
      }
    }
    const perTopic = (intent: string) => [...labelled.values()].filter((i) => i === intent).length;
    expect(perTopic('trade_account')).toBeGreaterThanOrEqual(3);
    expect(perTopic('loyalty_points')).toBeGreaterThanOrEqual(3);
    for (const [text, intent] of labelled) {
      const res = await as('manager', '/api/training/labels', { text, intent });
      expect(res.status).toBe(201);
    }
    expect((await as('manager', '/api/training/model')).body).toMatchObject({ version: 3, labelsPending: labelled.size });

    const retrain = await as('admin', '/api/training/retrain', {});
    expect(retrain.status).toBe(200);
    const r = retrain.body as { replaced: boolean; reason: string; labelsUsed: number; newLabels: { labels: number; previousRight: number; candidateRight: number }; evaluation: { rows: number; previous: number; candidate: number }; paired: { tests: number } };
    expect(r.replaced, r.reason).toBe(true);
    expect(r.labelsUsed).toBe(labelled.size);
    expect(r.newLabels.labels).toBe(labelled.size);
    expect(r.newLabels.previousRight).toBe(0); // neither intent existed
    expect(r.newLabels.candidateRight).toBeGreaterThan(r.newLabels.previousRight);
    expect(r.evaluation.rows).toBe(r.paired.tests + labelled.size);
    expect(r.evaluation.candidate).toBeGreaterThan(r.evaluation.previous);

    const model = (await as('manager', '/api/training/model')).body as { version: number; intents: string[]; labelsPending: number };
    expect(model).toMatchObject({ version: 4, labelsPending: 0 });
    expect(model.intents).toEqual(expect.arrayContaining(['trade_account', 'loyalty_points']));
    // The running bot uses it at once: a labelled question now has its intent (no replies written yet, so a person
    // takes it — the `intent_without_reply` handoff).
    const [text, intent] = [...labelled].find(([, i]) => i === 'loyalty_points')!;
    const turn = await call(server.url, '/api/web/messages', { body: { text } });
    expect(turn.status).toBe(200);
    expect(turn.body).toMatchObject({ intent });
    const recorded = await as('manager', `/api/reports/intents/${intent}/utterances`);
    expect(recorded.status).toBe(200);
    expect(JSON.stringify(recorded.body), 'the drill-down lists it under the new intent').toContain(text);
  }, 240_000);
});
