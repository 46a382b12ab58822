// trainEnsemble end to end on the synthetic shop intents: real members, weights learned on held-out rows, the
// guard against a pool worse than its best member, out-of-scope rows used as a class and for the threshold, and
// the embedding member on the tiny encoder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTinyEncoderModel } from '../../../src/nlu/embedding/tiny-model.js';
import { TransformerEncoder } from '../../../src/nlu/embedding/transformer-encoder.js';
import { lexicalTrainer, naiveBayesTrainer, type MemberTrainer } from '../../../src/nlu/ensemble/members.js';
import { trainEnsemble } from '../../../src/nlu/ensemble/train-ensemble.js';
import type { LabelledText } from '../../../src/nlu/types.js';
import { syntheticRows } from '../lexical/synthetic-intents.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A member with fixed log-probabilities per text (so a test can make pooling hurt on purpose). */
function fixedMember(name: string, intents: string[], table: Map<string, number[]>): MemberTrainer {
  const model = { name, intents, logProbabilities: async (texts: string[]) => texts.map((t) => Float64Array.from(table.get(t)!, Math.log)) };
  return { name, train: async () => ({ model, refit: async () => model }) };
}

describe('trainEnsemble', () => {
  it('learns weights on the validation rows that are never worse than the best member there', async () => {
    const train = syntheticRows(3);
    const val = syntheticRows(2, 7);
    const { report, weights, temperature, classifier } = await trainEnsemble(train, val, { members: [lexicalTrainer('oos'), naiveBayesTrainer] });
    expect(report.validationSource).toBe('given');
    expect(Object.keys(weights)).toEqual(['lexical', 'naive-bayes']);
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(temperature).toBeGreaterThan(0);
    expect(report.validation.accuracy).toBeGreaterThanOrEqual(Math.max(...report.members.map((m) => m.validationAccuracy)));
    if (report.chosen === 'pool') expect(report.validation.nll).toBeLessThanOrEqual(Math.min(...report.members.map((m) => m.validationNll)) + 1e-9);
    const ranking = await classifier.classify('where is my parcel please');
    expect(ranking[0]!.intent).toBe('track_order');
    expect(ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 9);
  });

  it('falls back to the most accurate member when the pool would be less accurate on validation', async () => {
    // "a" is right on 60% of the rows but catastrophically sure when wrong; "b" is a coin flip that is never far
    // off. The NLL-optimal pool trusts neither (50%), so the guard must fall back to "a" (60%).
    const intents = ['x', 'y'];
    const rows: LabelledText[] = Array.from({ length: 30 }, (_, i) => ({ text: `t${i}`, intent: i % 2 === 0 ? 'x' : 'y' }));
    const probs = (right: (i: number) => boolean, pRight: number, pWrong: number) =>
      new Map(rows.map((r, i) => {
        const p = right(i) ? pRight : pWrong;
        return [r.text, r.intent === 'x' ? [p, 1 - p] : [1 - p, p]];
      }));
    const a = probs((i) => i % 5 < 3, 0.9, 1e-6);
    const b = probs((i) => i % 5 >= 3 || i % 10 === 0, 0.6, 0.4);
    const { report, classifier } = await trainEnsemble(rows, rows, { members: [fixedMember('b', intents, b), fixedMember('a', intents, a)], pruneTolerance: 0 });
    expect(report.chosen).toMatchObject({ fallbackTo: 'a' });
    expect(report.validation.accuracy).toBeCloseTo(0.6, 10);
    expect(report.members.find((m) => m.name === 'b')!.weight).toBe(0);
    expect(report.members.find((m) => m.name === 'a')!.weight).toBe(1);
    expect((await classifier.decide('t2')).intent).toBe('x');
  });

  it('uses out-of-scope rows as a class and picks the threshold for in-scope accuracy and out-of-scope recall', async () => {
    const train = syntheticRows(3, 0, true);
    const val = syntheticRows(2, 5, true);
    const { report, classifier } = await trainEnsemble(train, val, { members: [lexicalTrainer('oos'), naiveBayesTrainer] });
    expect(classifier.calibration.oosLabel).toBe('oos');
    expect(report.threshold.objective).toMatch(/mean\(in-scope accuracy, out-of-scope recall\)/u);
    expect(report.threshold.oosRecall).not.toBeNull();
    expect((await classifier.decide('tell me a joke please')).intent).toBeNull();
    expect((await classifier.decide('i forgot my password')).intent).toBe('password_reset');
  });

  it('splits train for validation when none is given and refits the members on all rows', async () => {
    const { report } = await trainEnsemble(syntheticRows(4), undefined, { members: [lexicalTrainer('oos'), naiveBayesTrainer] });
    expect(report.validationSource).toBe('split');
    expect(report.validationRows).toBeGreaterThan(0);
    expect(report.refittedOnAllRows).toBe(true);
  });

  it('adds the embedding member when an encoder is given', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ens-encoder-'));
    dirs.push(root);
    writeTinyEncoderModel(join(root, 'tiny'));
    const encoder = await TransformerEncoder.load({ modelDir: root, model: 'tiny' });
    const { report, classifier } = await trainEnsemble(syntheticRows(3), syntheticRows(1, 3), { encoder, members: undefined });
    expect(report.members.map((m) => m.name)).toEqual(['lexical', 'naive-bayes', 'natural-bayes', 'embedding']);
    const embedding = report.members.find((m) => m.name === 'embedding')!;
    // Even random tiny-model embeddings carry word-piece identity: the head must beat chance (1/5) on these intents.
    expect(embedding.validationAccuracy).toBeGreaterThan(0.4);
    expect((await classifier.classify('cancel my order'))[0]!.intent).toBe('cancel_order');
  });
});
