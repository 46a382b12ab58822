// Temperature fitting and the out-of-scope threshold rule, against hand-computed values.
import { describe, expect, it } from 'vitest';
import { TEMPERATURE_GRID, fitTemperature, meanNll, thresholdKeepingAnswered } from '../../src/nlu/confidence-calibration.js';

describe('meanNll', () => {
  it('is −log softmax of the gold class', () => {
    // scores (ln 3, 0): softmax = (3/4, 1/4)
    expect(meanNll([{ scores: [Math.log(3), 0], gold: 0 }], 1)).toBeCloseTo(-Math.log(0.75), 12);
    expect(meanNll([{ scores: [Math.log(3), 0], gold: 1 }], 1)).toBeCloseTo(-Math.log(0.25), 12);
    // at temperature 2: scores (ln 3 / 2, 0) → softmax √3/(√3+1)
    expect(meanNll([{ scores: [Math.log(3), 0], gold: 0 }], 2)).toBeCloseTo(-Math.log(Math.sqrt(3) / (Math.sqrt(3) + 1)), 12);
    expect(meanNll([], 1)).toBe(0);
  });
});

describe('fitTemperature', () => {
  it('sharpens when the scores are always right', () => {
    expect(fitTemperature([{ scores: [5, 0], gold: 0 }, { scores: [0, 5], gold: 1 }])).toBe(TEMPERATURE_GRID[0]);
  });
  it('flattens over-confident scores that are often wrong', () => {
    const examples = [
      { scores: [50, 0], gold: 0 },
      { scores: [50, 0], gold: 1 },
      { scores: [0, 50], gold: 1 },
    ];
    // The best softmax puts 2/3 on the top class: 50/T = ln 2 → T ≈ 72.
    const t = fitTemperature(examples);
    expect(t).toBeGreaterThan(50);
    expect(t).toBeLessThan(100);
  });
  it('uses a fixed, increasing grid', () => {
    expect(TEMPERATURE_GRID[0]).toBe(0.5);
    expect([...TEMPERATURE_GRID].sort((a, b) => a - b)).toEqual([...TEMPERATURE_GRID]);
  });
});

describe('thresholdKeepingAnswered', () => {
  const conf = [0.9, 0.2, 0.5, 0.35, 0.8, 0.95, 0.6, 0.7, 0.4, 0.3];
  it('keeps the required share answered', () => {
    // sorted: .2 .3 .35 .4 .5 .6 .7 .8 .9 .95; 80% of 10 → may reject 2 → threshold .35
    expect(thresholdKeepingAnswered(conf, 0.8)).toBe(0.35);
    // 95% of 10 → may reject floor(0.5) = 0 → threshold = lowest confidence
    expect(thresholdKeepingAnswered(conf, 0.95)).toBe(0.2);
    expect(thresholdKeepingAnswered(conf, 1)).toBe(0.2);
  });
  it('rounds down to 4 decimals so the guarantee holds', () => {
    expect(thresholdKeepingAnswered([0.123456, 0.9], 0.5)).toBe(0.9);
    expect(thresholdKeepingAnswered([0.123456, 0.9], 1)).toBe(0.1234);
  });
  it('handles the edges', () => {
    expect(thresholdKeepingAnswered([], 0.95)).toBe(0);
    expect(thresholdKeepingAnswered([0.4, 0.6], 0)).toBe(1);
  });
});
