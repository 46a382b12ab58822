// Training end to end on a small fixture domain: the file it writes, determinism, the report, and the threshold rule.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { intentModelFileSchema } from '../../src/nlu/intent-model-file.js';
import { loadLanguageUnderstanding } from '../../src/nlu/nlu-service.js';
import { trainIntentModel } from '../../src/nlu/train.js';

const fixture = `domain: demo
intents:
  - name: greet
    description: Say hello
    examples: ["hello", "hi there", "good morning", "hey", "hiya", "hello friend", "morning all", "hi bot"]
    tests: ["hey there", "good morning to you", "hello again"]
    responses: { default: ["Hi!"] }
  - name: track
    description: Track an order
    examples: ["where is my order", "track my parcel", "where is order 536365", "has my order shipped", "when will my parcel arrive", "order status", "where is #548213", "my parcel is late"]
    tests: ["where's my parcel", "status of order 540001", "is my order on its way"]
    responses: { default: ["Let me look."] }
  - name: refund
    description: Refunds
    examples: ["I want a refund", "refund my money", "how do I get a refund", "money back please", "return for refund", "refund not received", "where is my refund", "can I have a refund"]
    tests: ["I would like my money back", "refund please", "has my refund been paid"]
    responses: { default: ["Refunds take a few days."] }
`;

function recordingLogger(events: string[]): Logger {
  const log = (event: string) => void events.push(event);
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'nlu-train-'));
  const intentsDir = join(root, 'intents');
  mkdirSync(intentsDir);
  writeFileSync(join(intentsDir, 'demo.yaml'), fixture);
  writeFileSync(join(intentsDir, 'out-of-scope.txt'), '# probes\nwhat is the capital of France\nbanana\n');
  return { intentsDir, modelsDir: join(root, 'models') };
}

describe('trainIntentModel', () => {
  it('writes a valid, loadable model with metrics, threshold provenance and a printed report', async () => {
    const { intentsDir, modelsDir } = setUp();
    const events: string[] = [];
    const lines: string[] = [];
    const result = await trainIntentModel({ intentsDir, modelsDir, logger: recordingLogger(events), out: (l) => lines.push(l), now: () => new Date('2025-01-02T03:04:05Z') });

    const file = intentModelFileSchema.parse(JSON.parse(readFileSync(result.path, 'utf8')));
    expect(file.trainedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(file.intents).toEqual(['greet', 'track', 'refund']);
    expect(file.metrics.trainExamples).toBe(24);
    expect(file.metrics.testExamples).toBe(9);
    expect(file.metrics.heldOut.perIntent.map((p) => p.intent)).toEqual(['greet', 'track', 'refund']);
    expect(file.metrics.atThreshold.outOfScope?.messages).toBe(2);
    expect(file.metrics.atThreshold.answeredRate).toBeGreaterThanOrEqual(file.thresholdProvenance.minAnsweredRate);
    expect(file.threshold).toBe(result.threshold);
    expect(file.thresholdProvenance.objective).toMatch(/95%/);
    expect(result.metrics).toEqual(file.metrics);

    expect(events).toContain('nlu.train.done');
    expect(lines[0]).toMatch(/^Intent model: 3 intents, 24 training examples, 9 held-out tests/);
    expect(lines.some((l) => /^refund\s+\d/.test(l))).toBe(true);

    const nlu = loadLanguageUnderstanding({ modelsDir });
    expect((await nlu.understand('where is my parcel')).intent).toBe('track');
  });

  it('is deterministic apart from trainedAt', async () => {
    const a = setUp();
    const b = setUp();
    const quiet = recordingLogger([]);
    const one = await trainIntentModel({ ...a, logger: quiet, out: () => {}, now: () => new Date(1) });
    const two = await trainIntentModel({ ...b, logger: quiet, out: () => {}, now: () => new Date(2) });
    const strip = (path: string) => readFileSync(path, 'utf8').replace(/"trainedAt": "[^"]+"/, '');
    expect(strip(one.path)).toBe(strip(two.path));
  });
});
