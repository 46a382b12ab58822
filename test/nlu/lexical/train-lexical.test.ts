// The shipped training recipe: stratified hold-out, C search, temperature and threshold chosen on held-out rows,
// an out-of-scope class when the data has one, and the provenance written into the model.
import { describe, expect, it } from 'vitest';
import { THRESHOLD_OBJECTIVES } from '../../../src/nlu/calibration.js';
import { LexicalClassifier } from '../../../src/nlu/lexical/linear-classifier.js';
import { stratifiedSplit } from '../../../src/nlu/lexical/stratified-split.js';
import { epochsFor, trainTunedLexical } from '../../../src/nlu/lexical/train-lexical.js';
import { syntheticRows } from './synthetic-intents.js';

describe('stratifiedSplit', () => {
  const rows = [...Array.from({ length: 20 }, (_, i) => ({ text: `a${i}`, intent: 'a' })), ...Array.from({ length: 5 }, (_, i) => ({ text: `b${i}`, intent: 'b' })), { text: 'c', intent: 'c' }];

  it('holds out the same share of every label, keeps one row of each in training, and is seeded', () => {
    const { train, validation } = stratifiedSplit(rows, 0.2, 7);
    expect(validation.filter((r) => r.intent === 'a')).toHaveLength(4);
    expect(validation.filter((r) => r.intent === 'b')).toHaveLength(1);
    expect(train.some((r) => r.intent === 'c')).toBe(true);
    expect(train.length + validation.length).toBe(rows.length);
    expect(stratifiedSplit(rows, 0.2, 7)).toEqual({ train, validation });
    expect(stratifiedSplit(rows, 0.2, 8).validation).not.toEqual(validation);
    expect(() => stratifiedSplit(rows, 1, 7)).toThrow(RangeError);
  });
});

describe('epochsFor', () => {
  it('aims at ~100k steps within 10–50 epochs', () => {
    expect(epochsFor(100)).toBe(50);
    expect(epochsFor(4000)).toBe(25);
    expect(epochsFor(50_000)).toBe(10);
  });
});

describe('trainTunedLexical', () => {
  it('trains an out-of-scope class, picks the balanced threshold objective and records how', () => {
    const { classifier, report } = trainTunedLexical(syntheticRows(4, 0, true), { validationFraction: 0.25 });
    expect(classifier.intents).toContain('oos');
    expect(classifier.calibration.oosLabel).toBe('oos');
    expect(classifier.calibration.thresholdObjective).toBe(THRESHOLD_OBJECTIVES.balanced);
    expect(report.validationSource).toBe('split');
    expect(report.retrainedOnAllRows).toBe(true);
    expect(report.grid.length).toBeGreaterThan(0);
    expect(report.temperature).toBeGreaterThan(0);
    expect(report.validationNll.after).toBeLessThanOrEqual(report.validationNll.before + 1e-9);
    expect(classifier.provenance.tuning).toMatchObject({ chosenC: report.chosenC, validationRows: report.validationRows });
    expect(classifier.decide('what is the weather in peru').intent).toBeNull();
  });

  it('tunes on a given validation set without retraining, and sets no rejection threshold without oos rows', () => {
    const { classifier, report } = trainTunedLexical(syntheticRows(3), { validation: syntheticRows(1, 4) });
    expect(report.validationSource).toBe('given');
    expect(report.retrainedOnAllRows).toBe(false);
    expect(report.threshold.oosRecall).toBeNull();
    expect(report.threshold.inScopeAccuracy).toBeGreaterThan(0.9);
    expect(classifier.calibration.thresholdObjective).toBe(THRESHOLD_OBJECTIVES.keepCorrect(1));
    expect(classifier.calibration.threshold).toBe(0);
    expect(classifier.calibration.oosLabel).toBeNull();
  });

  it('survives the JSON round trip with its calibration and provenance', () => {
    const { classifier } = trainTunedLexical(syntheticRows(3, 0, true));
    const restored = LexicalClassifier.fromJSON(JSON.parse(JSON.stringify(classifier)));
    expect(restored.calibration).toEqual(classifier.calibration);
    expect(restored.provenance).toEqual(classifier.provenance);
    expect(restored.decide('cancel my order please')).toEqual(classifier.decide('cancel my order please'));
  });
});
