// LexicalClassifier: ranking shape, decisions with a threshold and an out-of-scope class, and a JSON round trip
// that restores identical predictions.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/app-error.js';
import { LexicalClassifier, UNCALIBRATED } from '../../../src/nlu/lexical/linear-classifier.js';
import { syntheticRows } from './synthetic-intents.js';

const train = syntheticRows(3);
const classifier = LexicalClassifier.train(train);

describe('LexicalClassifier', () => {
  it('ranks every intent, best first, with confidences summing to 1', async () => {
    const ranking = await classifier.classify('where is my parcel?');
    expect(classifier.name).toBe('lexical');
    expect(ranking).toHaveLength(5);
    expect(ranking[0]?.intent).toBe('track_order');
    expect(ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 9);
    for (let i = 1; i < ranking.length; i++) expect(ranking[i]!.confidence).toBeLessThanOrEqual(ranking[i - 1]!.confidence);
  });

  it('classifies held-out phrasings of the training intents', () => {
    const cases: [string, string][] = [
      ['I would like to cancel my order', 'cancel_order'],
      ['forgot the password for my account', 'password_reset'],
      ['are you open today?', 'opening_hours'],
      ['can I get my money back', 'refund'],
    ];
    for (const [text, intent] of cases) expect(classifier.decide(text).intent).toBe(intent);
  });

  it('rejects below the threshold and when the out-of-scope class wins', () => {
    const strict = classifier.withCalibration({ ...UNCALIBRATED, threshold: 1.01 });
    expect(strict.decide('where is my order').intent).toBeNull();
    const withOos = LexicalClassifier.train(syntheticRows(3, 0, true)).withCalibration({ ...UNCALIBRATED, oosLabel: 'oos' });
    expect(withOos.intents).toContain('oos');
    expect(withOos.decide('tell me a joke please').intent).toBeNull();
    expect(withOos.decide('track my parcel').intent).toBe('track_order');
  });

  it('handles empty and non-Latin text without throwing', () => {
    expect(classifier.rank('')).toHaveLength(5);
    expect(classifier.rank('注文はどこですか')[0]?.confidence).toBeGreaterThan(0);
  });

  it('serialises to JSON and restores identical predictions', () => {
    const calibrated = classifier.withCalibration({ temperature: 0.7, threshold: 0.3, thresholdObjective: 'test', oosLabel: null }, { note: 'unit test' });
    const restored = LexicalClassifier.fromJSON(JSON.parse(JSON.stringify(calibrated.toJSON())));
    expect(restored.calibration).toEqual(calibrated.calibration);
    expect(restored.provenance).toEqual({ note: 'unit test' });
    for (const text of ['where is my order', 'refund?', 'hours on sunday', 'xyz', '']) {
      expect(restored.rank(text)).toEqual(calibrated.rank(text));
      expect(restored.decide(text)).toEqual(calibrated.decide(text));
    }
  });

  it('refuses malformed model documents with MODEL_INVALID', () => {
    const doc = classifier.toJSON();
    const bad = (patch: object) => () => LexicalClassifier.fromJSON({ ...doc, ...patch });
    expect(bad({ type: 'other' })).toThrow(AppError);
    expect(bad({ weights: doc.bias })).toThrow(/Lexical model/);
    expect(bad({ intents: [] })).toThrow(/intents/);
    expect(() => LexicalClassifier.fromJSON(null)).toThrow(AppError);
  });

  it('refuses to train on nothing', () => {
    expect(() => LexicalClassifier.train([])).toThrow(AppError);
  });
});
