// The ensemble as the live trainer: trained on the small fixture domain through buildLiveModel, written as JSON,
// restored, and classifying the same way; malformed documents are MODEL_INVALID.
import { describe, expect, it } from 'vitest';
import { ensembleTrainer } from '../../src/nlu/live/ensemble-trainer.js';
import { buildLiveModel, evaluateHeldOut, loadIntentData } from '../../src/nlu/live/live-training.js';
import { writeSmallDomain } from '../fixtures/nlu/small-domain.js';

describe('ensembleTrainer', () => {
  it('trains, round-trips through JSON (int8 lexical, NB counts) and ranks the same', async () => {
    const data = loadIntentData(writeSmallDomain().intentsDir);
    const trainer = ensembleTrainer();
    const { file, classifier } = await buildLiveModel(data, { trainer, trainedAt: 'test' });
    expect(file.trainer).toBe('ensemble');
    const json = JSON.parse(JSON.stringify(file.classifier)) as { weights: number[]; members: { kind: string }[] };
    expect(json.members.length).toBe(json.weights.length);
    expect(json.members[0]?.kind).toBe('lexical');
    expect(json.weights.every((w) => w > 0)).toBe(true);
    const restored = trainer.restore(json);
    expect(restored.threshold).toBe(classifier.threshold);
    expect(restored.temperature).toBeCloseTo(classifier.temperature, 9);
    const before = (await classifier.classify('where is my parcel'))[0]!;
    const after = (await restored.classify('where is my parcel'))[0]!;
    expect(after.intent).toBe('track');
    expect(after.intent).toBe(before.intent);
    // int8 weights: the confidence moves a little, not the figures.
    expect(after.confidence).toBeCloseTo(before.confidence, 1);
    expect((await evaluateHeldOut(restored, data)).accuracy).toBeCloseTo(file.metrics.accuracy, 1);
  });

  it('rejects documents of another trainer or with mismatched members', () => {
    const trainer = ensembleTrainer();
    expect(() => trainer.restore({ type: 'lexical', model: {} })).toThrow(/expected an ensemble/);
    const doc = { type: 'ensemble', intents: ['a'], weights: [1, 1], threshold: 0.5, thresholdObjective: 'x', oosLabel: null, members: [{ kind: 'naive-bayes', model: {} }] };
    expect(() => trainer.restore(doc)).toThrow(/1 members but 2 weights/);
  });
});
