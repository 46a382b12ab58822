// The nlu-eval contract: scoring definitions checked by hand, JSONL reading with line-numbered errors, and the
// whole evaluation on a small synthetic set with out-of-scope rows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { writeTinyEncoderModel } from '../../src/nlu/embedding/tiny-model.js';
import { evaluateNlu, parseJsonl, percentile, readJsonl, runNluEvalCommand, scorePredictions, type NluMember } from '../../src/nlu/evaluate.js';
import type { IntentClassifier } from '../../src/nlu/types.js';
import { syntheticRows } from './lexical/synthetic-intents.js';

describe('scorePredictions', () => {
  // gold:      a  a     b  oos   oos
  // predicted: a  null  b  null  a
  // right:     ✓  ✗     ✓  ✓     ✗   → accuracy 3/5; in-scope 2/3; oos recall 1/2
  // macro-F1 over {a, b, oos}, rejections as "oos": a P 1/2 R 1/2 F1 .5; b 1; oos P 1/2 R 1/2 F1 .5 → 2/3
  const gold = ['a', 'a', 'b', 'oos', 'oos'];
  const predicted = ['a', null, 'b', null, 'a'];

  it('counts a rejected out-of-scope row as right and a rejected in-scope row as wrong', () => {
    const s = scorePredictions(gold, predicted, 'oos');
    expect(s.accuracy).toBeCloseTo(3 / 5, 12);
    expect(s.inScopeAccuracy).toBeCloseTo(2 / 3, 12);
    expect(s.oosRecall).toBeCloseTo(1 / 2, 12);
    expect(s.macroF1).toBeCloseTo(2 / 3, 12);
  });

  it('gives a null out-of-scope recall when the test set has no out-of-scope rows', () => {
    // a: P 1 R 1/2 F1 2/3; b: 1 → macro 5/6 (the rejection is not a class of its own here)
    const s = scorePredictions(['a', 'a', 'b'], ['a', null, 'b'], 'oos');
    expect(s.oosRecall).toBeNull();
    expect(s.accuracy).toBeCloseTo(2 / 3, 12);
    expect(s.macroF1).toBeCloseTo(5 / 6, 12);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('readJsonl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlu-eval-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads rows, skipping blank lines, a BOM and CRLF line ends, ignoring extra fields', () => {
    const path = file('ok.jsonl', '\uFEFF{"text":"hi","intent":"greet","id":1}\r\n\r\n{"text":"bye","intent":"leave"}\n');
    expect(readJsonl(path)).toEqual([{ text: 'hi', intent: 'greet' }, { text: 'bye', intent: 'leave' }]);
  });

  it('names the line of a malformed or incomplete row', () => {
    expect(() => readJsonl(file('bad.jsonl', '{"text":"a","intent":"x"}\n\n{"text": "b", intent}\n'))).toThrow(/bad\.jsonl:3: not valid JSON/);
    expect(() => parseJsonl('{"text":"a","intent":"x"}\n{"text":"b"}', 'rows')).toThrow(/rows:2: "intent"/);
    expect(() => parseJsonl('{"text":5,"intent":"x"}', 'rows')).toThrow(/rows:1: "text"/);
    expect(() => parseJsonl('[1,2]', 'rows')).toThrow(AppError);
  });

  it('reports a missing file as DATA_NOT_FOUND', () => {
    try {
      readJsonl(join(dir, 'absent.jsonl'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('DATA_NOT_FOUND');
    }
  });
});

// A member that answers "oos" to everything: accuracy = share of oos rows; in macro-F1 only oos scores.
const alwaysOos: NluMember = {
  name: 'always-oos',
  train: (): IntentClassifier => ({ name: 'always-oos', classify: async () => [{ intent: 'oos', confidence: 1 }] }),
};

describe('evaluateNlu', () => {
  const train = syntheticRows(4, 0, true);
  const test = syntheticRows(1, 3, true);

  it('reports the contract fields with definitions that agree with each other', async () => {
    const result = await evaluateNlu({ train, test, members: [alwaysOos] });
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'ece', 'inScopeAccuracy', 'macroF1', 'members', 'oosRecall', 'p50Ms', 'p95Ms', 'trainMs'].sort());
    const nOos = test.filter((r) => r.intent === 'oos').length;
    const nIn = test.length - nOos;
    // accuracy over every row = in-scope accuracy and oos recall weighted by their row counts
    expect(result.accuracy).toBeCloseTo((result.inScopeAccuracy * nIn + result.oosRecall! * nOos) / test.length, 12);
    expect(result.accuracy).toBeGreaterThan(0.8);
    expect(result.oosRecall).toBeGreaterThan(0.7);
    expect(result.ece).toBeGreaterThanOrEqual(0);
    expect(result.p95Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.trainMs).toBeGreaterThan(0);
    expect(Object.keys(result.members)).toEqual(['lexical', 'naive-bayes', 'natural-bayes', 'ensemble', 'always-oos']);
    // always-oos: right on exactly the oos rows; F1 of oos = 2·(nOos/n)·1 / (nOos/n + 1), other labels 0
    const p = nOos / test.length;
    expect(result.members['always-oos']).toEqual({ accuracy: p, macroF1: expect.closeTo((2 * p) / (p + 1) / 6, 12) });
  });

  it('gives a null out-of-scope recall without out-of-scope test rows and uses a given validation set', async () => {
    const result = await evaluateNlu({ train: syntheticRows(4), test: syntheticRows(1, 2), val: syntheticRows(1, 4), members: [] });
    expect(result.oosRecall).toBeNull();
    expect(result.accuracy).toBe(result.inScopeAccuracy);
    expect(result.members.lexical?.accuracy).toBeGreaterThan(0.9);
  });

  it('refuses empty data', async () => {
    await expect(evaluateNlu({ train: [], test })).rejects.toThrow(AppError);
    await expect(evaluateNlu({ train, test: [] })).rejects.toThrow(AppError);
  });
});

describe('runNluEvalCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nlu-cli-'));
  const write = (name: string, rows: object[]) => {
    const path = join(dir, name);
    writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n'));
    return path;
  };

  it('parses the arguments, prints a table and returns the result', async () => {
    const lines: string[] = [];
    const trainPath = write('train.jsonl', syntheticRows(3, 0, true).map((r) => ({ ...r, intent: r.intent === 'oos' ? 'none' : r.intent })));
    const testPath = write('test.jsonl', syntheticRows(1, 2, true).map((r) => ({ ...r, intent: r.intent === 'oos' ? 'none' : r.intent })));
    const result = await runNluEvalCommand(['--train', trainPath, '--test', testPath, '--oos-label', 'none', '--json'], (l) => lines.push(l));
    expect(result.oosRecall).not.toBeNull();
    expect(lines.some((l) => l.includes('accuracy') && l.includes('macro-F1'))).toBe(true);
    expect(lines.join('\n')).toMatch(/out-of-scope threshold/);
  });

  it('without out-of-scope rows: oosRecall null, lexical members only and says so, JSON-serialisable contract', async () => {
    const lines: string[] = [];
    const trainPath = write('plain-train.jsonl', syntheticRows(3));
    const testPath = write('plain-test.jsonl', syntheticRows(1, 2));
    const result = await runNluEvalCommand(['--train', trainPath, '--test', testPath, '--json'], (l) => lines.push(l), { modelDir: join(dir, 'no-models'), model: 'none/absent' });
    expect(result.oosRecall).toBeNull();
    expect(result.accuracy).toBe(result.inScopeAccuracy);
    expect(Object.keys(result.members)).toEqual(['lexical', 'naive-bayes', 'natural-bayes', 'ensemble']);
    expect(lines.join('\n')).toMatch(/encoder: none — lexical members only/u);
    const parsed = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['accuracy', 'ece', 'inScopeAccuracy', 'macroF1', 'members', 'oosRecall', 'p50Ms', 'p95Ms', 'trainMs'].sort());
  });

  it('adds the embedding member with --encoder-dir', async () => {
    const encoderDir = writeTinyEncoderModel(join(dir, 'encoders', 'tiny'));
    const lines: string[] = [];
    const trainPath = write('enc-train.jsonl', syntheticRows(3, 0, true));
    const testPath = write('enc-test.jsonl', syntheticRows(1, 2, true));
    const result = await runNluEvalCommand(['--train', trainPath, '--test', testPath, '--encoder-dir', encoderDir], (l) => lines.push(l));
    expect(Object.keys(result.members)).toEqual(['lexical', 'naive-bayes', 'natural-bayes', 'embedding', 'ensemble']);
    expect(result.oosRecall).not.toBeNull();
    expect(lines.join('\n')).toMatch(/encoder: tiny \(embedding member on\)/u);
    await expect(runNluEvalCommand(['--train', trainPath, '--test', testPath, '--encoder-dir', join(dir, 'missing')], () => {})).rejects.toMatchObject({ code: 'ENCODER_NOT_FOUND' });
  });

  it('explains missing and unknown arguments', async () => {
    await expect(runNluEvalCommand(['--test', 'x.jsonl'], () => {})).rejects.toThrow(/--train/);
    await expect(runNluEvalCommand(['--train', 'a', '--test', 'b', '--bogus'], () => {})).rejects.toThrow(/usage: nlu-eval/);
  });
});
