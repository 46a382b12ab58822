// Metrics maths against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionPairs } from '../../src/nlu/metrics.js';

// gold:      a a a b b c
// predicted: a a b b c null
// a: tp 2, predicted 2, support 3 → P 1, R 2/3, F1 0.8
// b: tp 1, predicted 2, support 2 → P 0.5, R 0.5, F1 0.5
// c: tp 0, predicted 1, support 1 → P 0, R 0, F1 0
const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
const predicted = ['a', 'a', 'b', 'b', 'c', null];

describe('accuracy', () => {
  it('counts exact matches, null as wrong', () => {
    expect(accuracy(gold, predicted)).toBeCloseTo(3 / 6, 12);
  });
  it('is 0 for no examples and rejects mismatched lengths', () => {
    expect(accuracy([], [])).toBe(0);
    expect(() => accuracy(['a'], [])).toThrow(RangeError);
  });
});

describe('classificationReport', () => {
  const report = classificationReport(gold, predicted);

  it('computes per-class precision, recall and F1', () => {
    const byLabel = Object.fromEntries(report.perClass.map((m) => [m.label, m]));
    expect(byLabel.a).toMatchObject({ support: 3, predicted: 2, precision: 1 });
    expect(byLabel.a?.recall).toBeCloseTo(2 / 3, 12);
    expect(byLabel.a?.f1).toBeCloseTo(0.8, 12);
    expect(byLabel.b).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2, predicted: 2 });
    expect(byLabel.c).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1, predicted: 1 });
  });

  it('macro-averages over classes', () => {
    expect(report.macroPrecision).toBeCloseTo((1 + 0.5 + 0) / 3, 12);
    expect(report.macroRecall).toBeCloseTo((2 / 3 + 0.5 + 0) / 3, 12);
    expect(report.macroF1).toBeCloseTo((0.8 + 0.5 + 0) / 3, 12);
    expect(report.accuracy).toBeCloseTo(0.5, 12);
    expect(report.total).toBe(6);
  });

  it('averages over the labels given, including ones never seen', () => {
    const withD = classificationReport(gold, predicted, ['a', 'b', 'c', 'd']);
    expect(withD.perClass.map((m) => m.label)).toEqual(['a', 'b', 'c', 'd']);
    expect(withD.macroF1).toBeCloseTo((0.8 + 0.5 + 0 + 0) / 4, 12);
  });

  it('gives F1 1 for a perfect classifier', () => {
    expect(classificationReport(['x', 'y'], ['x', 'y']).macroF1).toBe(1);
  });
});

describe('confusionPairs', () => {
  it('lists wrong pairs by count, then alphabetically; null as "(none)"', () => {
    expect(confusionPairs(['a', 'a', 'b', 'c', 'a'], ['b', 'b', 'a', null, 'a'])).toEqual([
      { gold: 'a', predicted: 'b', count: 2 },
      { gold: 'b', predicted: 'a', count: 1 },
      { gold: 'c', predicted: '(none)', count: 1 },
    ]);
  });
  it('keeps only the top n', () => {
    expect(confusionPairs(gold, predicted, 1)).toEqual([{ gold: 'a', predicted: 'b', count: 1 }]);
  });
});
