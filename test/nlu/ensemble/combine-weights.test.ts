// The pool-weight maths: hand-computed NLL, the optimum of a one-member pool is its temperature fit, the pooled
// NLL is never above the best member's, and pruning only drops members that add (almost) nothing.
import { describe, expect, it } from 'vitest';
import { fitTemperature } from '../../../src/nlu/calibration.js';
import { fitPoolWeights, logSoftmaxInPlace, pooledNll, prunePool } from '../../../src/nlu/ensemble/combine-weights.js';
import { mulberry32 } from '../../../src/nlu/lexical/seeded-random.js';

const logp = (ps: number[]) => Float64Array.from(ps, Math.log);

/** A noisy member: logits favour the gold class by `signal` plus gaussian-ish noise, as log-probabilities. */
function member(gold: Int32Array, k: number, signal: number, noise: number, seed: number): Float64Array[] {
  const random = mulberry32(seed);
  return Array.from(gold, (g) => {
    const z = Float64Array.from({ length: k }, (_, c) => (c === g ? signal : 0) + (random() + random() + random() - 1.5) * noise);
    return logSoftmaxInPlace(z);
  });
}

describe('pooledNll', () => {
  it('matches a hand computation', () => {
    // One row, two members over 2 classes, weights 1 and 1: z = log(.8·.6), log(.2·.4) → p0 = .48 / (.48 + .08)
    const nll = pooledNll([[logp([0.8, 0.2])], [logp([0.6, 0.4])]], [0], [1, 1]);
    expect(nll).toBeCloseTo(-Math.log(0.48 / 0.56), 10);
  });
});

describe('fitPoolWeights', () => {
  const k = 5;
  const random = mulberry32(3);
  const gold = Int32Array.from({ length: 400 }, () => Math.floor(random() * k));

  it('for one member, finds its best temperature (w = 1 / T)', () => {
    const lp = member(gold, k, 3, 2.5, 11);
    const fit = fitPoolWeights([lp], gold);
    const t = fitTemperature(lp, gold);
    expect(1 / fit.weights[0]!).toBeCloseTo(t, 2);
  });

  it('is never worse than the best member alone, and beats it with two independent members', () => {
    const strong = member(gold, k, 3, 2, 21);
    const weak = member(gold, k, 1.5, 2, 22);
    const useless = member(gold, k, 0, 2, 23);
    const fit = fitPoolWeights([weak, strong, useless], gold);
    expect(fit.bestMember).toBe(1);
    expect(fit.nll).toBeLessThanOrEqual(Math.min(...fit.memberNll) + 1e-12);
    expect(fit.nll).toBeLessThan(fit.memberNll[1]! - 0.01);
    expect(fit.weights[1]!).toBeGreaterThan(fit.weights[0]!);
    expect(fit.weights.every((w) => w >= 0)).toBe(true);
    // the optimum: no coordinate move lowers the NLL further
    for (let m = 0; m < 3; m++) {
      for (const delta of [0.05, -0.05]) {
        const moved = [...fit.weights];
        moved[m] = Math.max(0, moved[m]! + delta);
        expect(pooledNll([weak, strong, useless], gold, moved)).toBeGreaterThanOrEqual(fit.nll - 1e-6);
      }
    }
  });

  it('puts (almost) no weight on a member that is pure noise, and pruning drops it', () => {
    const strong = member(gold, k, 3, 2, 31);
    const useless = member(gold, k, 0, 2, 33);
    const fit = fitPoolWeights([strong, useless], gold);
    expect(fit.weights[1]!).toBeLessThan(0.1 * fit.weights[0]!);
    const pruned = prunePool([strong, useless], gold, fit, 0.01);
    expect(pruned.weights[1]).toBe(0);
    expect(pruned.nll).toBeLessThanOrEqual(fit.memberNll[0]! + 1e-12);
  });

  it('keeps a member that helps when the tolerance is small', () => {
    const a = member(gold, k, 2.5, 2, 41);
    const b = member(gold, k, 2.5, 2, 42);
    const fit = fitPoolWeights([a, b], gold);
    const pruned = prunePool([a, b], gold, fit, 0.001);
    expect(pruned.weights.every((w) => w > 0)).toBe(true);
  });
});
