// `npm run train` end to end on a small fixture domain: the file it writes, old-versus-new figures, refusing a
// model whose held-out accuracy drops (and --force), labels joining the training data, determinism.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { liveIntentTrainer } from '../../src/nlu/live/live-trainer.js';
import { liveModelFileSchema, readLiveModelFile } from '../../src/nlu/live/live-model-file.js';
import { toLiveModel } from '../../src/nlu/live/live-model-loading.js';
import { trainIntentModel } from '../../src/nlu/train.js';
import type { TrainingLabel } from '../../src/store/ports.js';
import { harmfulLabels, newTopicLabels, writeSmallDomain } from '../fixtures/nlu/small-domain.js';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => quiet };

const setUp = writeSmallDomain;

describe('trainIntentModel', () => {
  it('writes a valid, loadable model with version, data hash, metrics and a printed report', async () => {
    const dirs = setUp();
    const lines: string[] = [];
    const result = await trainIntentModel({ ...dirs, logger: quiet, out: (l) => lines.push(l), now: () => new Date('2025-01-02T03:04:05Z') });
    expect(result.replaced).toBe(true);
    const file = liveModelFileSchema.parse(JSON.parse(readFileSync(result.path!, 'utf8')));
    expect(file).toMatchObject({ version: 1, trainedAt: '2025-01-02T03:04:05.000Z', trainer: 'ensemble' });
    expect(file.intents).toEqual(['greet', 'human_agent', 'oos', 'refund', 'track']);
    expect(file.data.intentsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(file.metrics.tests).toBe(16);
    expect(file.metrics.oosProbes).toBe(2);
    expect(result.sizeBytes).toBe(readFileSync(result.path!).length);
    expect(lines.find((l) => !l.startsWith('…'))).toMatch(/^Intent model v1 \(ensemble\)/);
    expect(lines.some((l) => /^accuracy \(top-1, held-out tests\)\s+—\s+\d/.test(l))).toBe(true);
    const live = toLiveModel(readLiveModelFile(dirs.modelsDir)!, liveIntentTrainer());
    expect((await live.classifier.classify('where is my parcel'))[0]?.intent).toBe('track');
  });

  it('retraining on the same data replaces (accuracy equal), bumps the version and prints old beside new', async () => {
    const dirs = setUp();
    await trainIntentModel({ ...dirs, logger: quiet, out: () => {} });
    const lines: string[] = [];
    const second = await trainIntentModel({ ...dirs, logger: quiet, out: (l) => lines.push(l) });
    expect(second).toMatchObject({ replaced: true });
    expect(second.file.version).toBe(2);
    const row = lines.find((l) => l.startsWith('accuracy (top-1'))!;
    const [live, fresh] = row.match(/\d+\.\d+%/g)!;
    expect(live).toBe(fresh);
  });

  it('refuses to overwrite the model when labels make held-out accuracy drop, unless forced', async () => {
    const dirs = setUp();
    const first = await trainIntentModel({ ...dirs, logger: quiet, out: () => {} });
    const before = readFileSync(first.path!, 'utf8');
    const lines: string[] = [];
    const refused = await trainIntentModel({ ...dirs, labels: harmfulLabels(), logger: quiet, out: (l) => lines.push(l) });
    expect(refused.replaced).toBe(false);
    expect(refused.file.metrics.accuracy).toBeLessThan(first.file.metrics.accuracy);
    expect(refused.file.data.labelIds).toHaveLength(32);
    expect(refused.reason).toMatch(/held-out test accuracy would fall by \d+\.\d+%/);
    expect(lines.at(-1)).toMatch(/^Not written: .*--force/);
    expect(readFileSync(first.path!, 'utf8')).toBe(before);

    const forced = await trainIntentModel({ ...dirs, labels: harmfulLabels(), force: true, logger: quiet, out: () => {} });
    expect(forced).toMatchObject({ replaced: true });
    expect(readLiveModelFile(dirs.modelsDir)?.data.labelIds).toHaveLength(32);
  });

  it('judges labels for a new topic on those labels too: cross-validated, the live model never right on them', async () => {
    const dirs = setUp();
    await trainIntentModel({ ...dirs, logger: quiet, out: () => {} });
    const lines: string[] = [];
    const result = await trainIntentModel({ ...dirs, labels: newTopicLabels(), logger: quiet, out: (l) => lines.push(l) });
    const { newLabels, evaluation, paired } = result.comparison;
    // Nine labels, eight distinct texts: five folds, the repeated text kept in one.
    expect(newLabels).toMatchObject({ labels: 9, folds: 5, previousRight: 0 });
    expect(newLabels!.candidateRight).toBeGreaterThan(4);
    expect(evaluation.rows).toBe(16 + 9);
    expect(evaluation.candidate).toBeGreaterThan(evaluation.previous!);
    expect(paired!.tests).toBe(16);
    expect(result).toMatchObject({ replaced: true });
    expect(result.reason).toMatch(/new labels 0 → \d of 9 right \(cross-validated\)/);
    expect(lines.some((l) => /^new labels right \(5-fold CV\)\s+0 of 9\s+\d of 9$/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('… new labels: fold'))).toHaveLength(5);
    // Retraining again with the same labels: they are no longer new to the live model.
    const again = await trainIntentModel({ ...dirs, labels: newTopicLabels(), logger: quiet, out: () => {} });
    expect(again.comparison.newLabels).toBeNull();
  });

  it('skips a label whose text is a held-out test, so the evaluation cannot see it in training', async () => {
    const dirs = setUp();
    const label: TrainingLabel = { id: 'leak', text: 'Refund please', intent: 'refund', createdBy: 'test', createdAt: '2025-01-01T00:00:00Z' };
    const result = await trainIntentModel({ ...dirs, labels: [label], logger: quiet, out: () => {} });
    expect(result.file.data).toMatchObject({ labelIds: [], labelsSkipped: 1 });
  });

  it('is deterministic apart from trainedAt', async () => {
    const a = setUp();
    const b = setUp();
    const one = await trainIntentModel({ ...a, logger: quiet, out: () => {}, now: () => new Date(1) });
    const two = await trainIntentModel({ ...b, logger: quiet, out: () => {}, now: () => new Date(2) });
    const strip = (path: string) => readFileSync(path, 'utf8').replace(/"trainedAt": "[^"]+"/, '');
    expect(strip(one.path!)).toBe(strip(two.path!));
  });
});
