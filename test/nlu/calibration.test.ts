// Calibration maths: temperature scaling on an over-confident toy set, ECE and the reliability table on bins worked
// out by hand, and the out-of-scope threshold for both objectives.
import { describe, expect, it } from 'vitest';
import {
  chooseThreshold,
  expectedCalibrationError,
  fitTemperature,
  negativeLogLikelihood,
  reliabilityTable,
  softmaxWithTemperature,
  THRESHOLD_OBJECTIVES,
  type ThresholdScore,
} from '../../src/nlu/calibration.js';

describe('temperature scaling', () => {
  // Over-confident: logit gap 8 (p ≈ 0.9997) but only 8 of 10 rows are right. The NLL-optimal temperature
  // makes the top probability 0.8: 1 / (1 + e^(−8/T)) = 0.8 → T = 8 / ln 4 ≈ 5.771.
  const logits = Array.from({ length: 10 }, () => [8, 0]);
  const gold = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];

  it('finds the temperature that matches confidence to accuracy', () => {
    const t = fitTemperature(logits, gold);
    expect(t).toBeCloseTo(8 / Math.log(4), 3);
    expect(softmaxWithTemperature([8, 0], t)[0]).toBeCloseTo(0.8, 4);
  });

  it('reduces the NLL of an over-confident model', () => {
    const t = fitTemperature(logits, gold);
    const before = negativeLogLikelihood(logits, gold, 1);
    const after = negativeLogLikelihood(logits, gold, t);
    expect(after).toBeLessThan(before);
    // NLL at the optimum: −(0.8 ln 0.8 + 0.2 ln 0.2) ≈ 0.5004
    expect(after).toBeCloseTo(0.500402, 5);
  });

  it('with a prior on ln T, stays sane on a small all-correct set instead of collapsing to T → 0', () => {
    const separable = [[3, 0], [3, 0], [0, 3], [2.5, 0]];
    const labels = [0, 0, 1, 0];
    expect(fitTemperature(separable, labels)).toBeLessThan(0.011);
    const map = fitTemperature(separable, labels, { logPriorSigma: 1 });
    expect(map).toBeGreaterThan(0.3);
    expect(map).toBeLessThan(1);
    // With many rows the prior's pull is negligible: the over-confident toy, repeated 100×, still gives ≈ 8 / ln 4.
    const many = Array.from({ length: 100 }, () => logits).flat();
    expect(fitTemperature(many, Array.from({ length: 100 }, () => gold).flat(), { logPriorSigma: 1 })).toBeCloseTo(8 / Math.log(4), 1);
  });

  it('sharpens an under-confident model (T < 1) and returns 1 for no data', () => {
    const t = fitTemperature([[0.2, 0], [0.2, 0], [0, 0.2]], [0, 0, 1]);
    expect(t).toBeLessThan(1);
    expect(fitTemperature([], [])).toBe(1);
    expect(() => negativeLogLikelihood([[1, 0]], [])).toThrow(RangeError);
  });
});

describe('expected calibration error', () => {
  // 5 bins: (0,.2] (.2,.4] (.4,.6] (.6,.8] (.8,1]
  // .95 ✓, .95 ✗ → bin 5: conf .95, acc .5 → 2/5 × .45 = .18
  // .65 ✓, .65 ✓ → bin 4: conf .65, acc 1  → 2/5 × .35 = .14
  // .25 ✗        → bin 2: conf .25, acc 0  → 1/5 × .25 = .05          ECE = .37
  const conf = [0.95, 0.95, 0.65, 0.65, 0.25];
  const correct = [true, false, true, true, false];

  it('weights each bin’s |accuracy − confidence| by its share of predictions', () => {
    expect(expectedCalibrationError(conf, correct, 5)).toBeCloseTo(0.37, 12);
  });

  it('reports the reliability table, with upper bin edges inclusive', () => {
    const table = reliabilityTable(conf, correct, 5);
    expect(table.map((b) => b.count)).toEqual([0, 1, 0, 2, 2]);
    expect(table[4]).toMatchObject({ lower: 0.8, upper: 1, count: 2, accuracy: 0.5 });
    expect(table[4]?.meanConfidence).toBeCloseTo(0.95, 12);
    // 0.2 belongs to (0, 0.2]; 0 and 1 fall in the first and last bins.
    expect(reliabilityTable([0.2, 0, 1], [true, true, true], 5).map((b) => b.count)).toEqual([2, 0, 0, 0, 1]);
  });

  it('is 0 for perfect calibration and for no predictions; validates its input', () => {
    expect(expectedCalibrationError([1, 1], [true, true])).toBe(0);
    expect(expectedCalibrationError([], [])).toBe(0);
    expect(() => expectedCalibrationError([0.5], [])).toThrow(RangeError);
    expect(() => reliabilityTable([0.5], [true], 0)).toThrow(RangeError);
  });
});

describe('chooseThreshold', () => {
  it('maximises mean(in-scope accuracy, out-of-scope recall) when validation has out-of-scope rows', () => {
    // Sorted: .2 oos (already rejected by the oos class), .3 oos, .4 in ✓, .5 oos, .6 in ✗, .8 in ✓, .9 in ✓.
    // Rejecting the 4 lowest (threshold midway between .5 and .6): in-scope 2/4, oos 3/3 → 0.75, the best.
    const scores: ThresholdScore[] = [
      { confidence: 0.9, inScope: true, correct: true },
      { confidence: 0.8, inScope: true, correct: true },
      { confidence: 0.6, inScope: true, correct: false },
      { confidence: 0.4, inScope: true, correct: true },
      { confidence: 0.5, inScope: false, correct: false },
      { confidence: 0.3, inScope: false, correct: false },
      { confidence: 0.2, inScope: false, correct: true },
    ];
    const choice = chooseThreshold(scores);
    expect(choice.threshold).toBeCloseTo(0.55, 12);
    expect(choice.inScopeAccuracy).toBeCloseTo(0.5, 12);
    expect(choice.oosRecall).toBe(1);
    expect(choice.objective).toBe(THRESHOLD_OBJECTIVES.balanced);
  });

  it('keeps at least 98% of correct in-scope answers when there are no out-of-scope rows', () => {
    // 100 correct answers with confidence .01 … 1.00 and 10 wrong ones at .005: dropping floor(2% × 100) = 2
    // correct answers puts the threshold between .02 and .03.
    const scores: ThresholdScore[] = [
      ...Array.from({ length: 100 }, (_, i) => ({ confidence: (i + 1) / 100, inScope: true, correct: true })),
      ...Array.from({ length: 10 }, () => ({ confidence: 0.005, inScope: true, correct: false })),
    ];
    const choice = chooseThreshold(scores);
    expect(choice.threshold).toBeCloseTo(0.025, 12);
    expect(choice.inScopeAccuracy).toBeCloseTo(98 / 110, 12);
    expect(choice.oosRecall).toBeNull();
    expect(choice.objective).toBe(THRESHOLD_OBJECTIVES.keepCorrect(0.98));
    expect(chooseThreshold(scores, 1).threshold).toBe(0);
    expect(chooseThreshold(scores, 0.95).objective).toMatch(/>= 95% of correct/);
  });

  it('never splits tied confidences and handles empty input', () => {
    const tied: ThresholdScore[] = [
      { confidence: 0.5, inScope: true, correct: true },
      { confidence: 0.5, inScope: false, correct: false },
    ];
    expect(chooseThreshold(tied).threshold).not.toBe(0.5);
    expect(chooseThreshold([]).threshold).toBe(0);
  });
});
