// The replace-or-keep rule on hand-made figures: the exact McNemar tail, the evaluation rows, and each way a
// candidate is refused; and how new labels are dealt into cross-validation folds.
import { describe, expect, it } from 'vitest';
import { labelFolds } from '../../src/nlu/live/label-cross-validation.js';
import { decideReplacement, evaluationAccuracy, mcnemarOneSided, pairedTests, type ModelComparison } from '../../src/nlu/live/model-comparison.js';
import type { TrainingLabel } from '../../src/store/ports.js';

describe('mcnemarOneSided', () => {
  it('is the binomial(worse + better, 1/2) upper tail', () => {
    expect(mcnemarOneSided(5, 0)).toBeCloseTo(1 / 32, 12);
    expect(mcnemarOneSided(2, 0)).toBeCloseTo(1 / 4, 12);
    expect(mcnemarOneSided(3, 1)).toBeCloseTo(5 / 16, 12); // (C(4,3) + C(4,4)) / 16
    expect(mcnemarOneSided(1, 3)).toBe(1);
    expect(mcnemarOneSided(0, 0)).toBe(1);
    // Thousands of discordant rows do not underflow: 1,100 vs 900 is far in the tail but not zero.
    const p = mcnemarOneSided(1100, 900);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-5);
  });

  it('counts the discordant pairs', () => {
    expect(pairedTests([true, true, false, false, true], [true, false, true, false, false])).toMatchObject({ tests: 5, worse: 2, better: 1 });
  });
});

const figures = (version: number, accuracy: number) => ({ version, accuracy, macroF1: accuracy });

function comparison(worse: number, better: number, labels: { labels: number; previousRight: number; candidateRight: number } | null): ModelComparison {
  const tests = 360;
  const before = 316;
  const after = before - worse + better;
  return {
    previous: figures(1, before / tests),
    candidate: figures(2, after / tests),
    paired: pairedTests([...Array(worse).fill(true), ...Array(better).fill(false), ...Array(tests - worse - better).fill(true)], [...Array(worse).fill(false), ...Array(better).fill(true), ...Array(tests - worse - better).fill(true)]),
    newLabels: labels && { ...labels, folds: 5 },
    evaluation: evaluationAccuracy(tests, before, after, labels && { ...labels, folds: 5 }),
  };
}

describe('decideReplacement', () => {
  it('keeps a new topic whose labels gain more than the two held-out tests SGD noise cost (the walk-through case)', () => {
    const c = comparison(2, 0, { labels: 12, previousRight: 0, candidateRight: 10 });
    expect(c.evaluation).toMatchObject({ rows: 372 });
    expect(c.evaluation.candidate).toBeGreaterThan(c.evaluation.previous!);
    const d = decideReplacement(c);
    expect(d.replaced).toBe(true);
    expect(d.reason).toMatch(/new labels 0 → 10 of 12 right/);
  });

  it('refuses any drop on the evaluation rows, as before, when there are no new labels', () => {
    const d = decideReplacement(comparison(2, 1, null));
    expect(d).toMatchObject({ replaced: false });
    expect(d.reason).toMatch(/accuracy would drop from 87\.78% to 87\.50% on 360 evaluation rows \(held-out tests\)/);
    expect(decideReplacement(comparison(2, 1, null), true)).toMatchObject({ replaced: true, reason: expect.stringMatching(/--force/) });
  });

  it('refuses a held-out loss of more than a point even when many new labels outvote it', () => {
    const d = decideReplacement(comparison(4, 0, { labels: 100, previousRight: 0, candidateRight: 90 }));
    expect(d.replaced).toBe(false);
    expect(d.reason).toMatch(/held-out test accuracy would fall by 1\.11%/);
    expect(d.reason).not.toMatch(/McNemar/); // 4 vs 0: p = 0.0625, not significant on its own
  });

  it('refuses a significant held-out loss (McNemar) below the one-point cap', () => {
    // 9 worse, 3 better: net 6 of 600 = 1.00% (not above the cap), p = 0.073 → not refused…
    const tests = 600;
    const mk = (worse: number, better: number): ModelComparison => {
      const prev = [...Array(worse).fill(true), ...Array(better).fill(false), ...Array(tests - worse - better).fill(true)];
      const cand = [...Array(worse).fill(false), ...Array(better).fill(true), ...Array(tests - worse - better).fill(true)];
      const labels = { labels: 50, folds: 5, previousRight: 0, candidateRight: 40 };
      return { previous: figures(1, 0.9), candidate: figures(2, 0.89), paired: pairedTests(prev, cand), newLabels: labels, evaluation: evaluationAccuracy(tests, 540, 540 - worse + better, labels) };
    };
    expect(decideReplacement(mk(9, 3)).replaced).toBe(true);
    // …6 worse, 0 better: the same net loss, p = 0.0156 → refused.
    const d = decideReplacement(mk(6, 0));
    expect(d.replaced).toBe(false);
    expect(d.reason).toMatch(/significantly worse: 6 right before and wrong now, 0 the other way \(McNemar p = 0\.0156\)/);
  });

  it('replaces when there is no previous model', () => {
    expect(decideReplacement({ ...comparison(0, 0, null), previous: null, evaluation: { rows: 360, previous: null, candidate: 0.8 } })).toMatchObject({ replaced: true });
  });
});

describe('labelFolds', () => {
  const label = (id: string, text: string, intent: string): TrainingLabel => ({ id, text, intent, createdBy: 't', createdAt: '2025-01-01T00:00:00Z' });

  it('keeps repeats of one text together, spreads each intent over the folds and makes at most five', () => {
    const labels = [
      ...['a one', 'a two', 'a three', 'a four', 'a five', 'a six'].map((t, i) => label(`a${i}`, t, 'alpha')),
      ...['b one', 'b two', 'b three', 'b four'].map((t, i) => label(`b${i}`, t, 'beta')),
      label('dup', 'A  One!', 'alpha'),
    ];
    const folds = labelFolds(labels);
    expect(folds).toHaveLength(5);
    expect(folds.flat().map((l) => l.id).sort()).toEqual(labels.map((l) => l.id).sort());
    const foldOf = (id: string) => folds.findIndex((f) => f.some((l) => l.id === id));
    expect(foldOf('dup')).toBe(foldOf('a0'));
    for (const f of folds) expect(f.filter((l) => l.intent === 'alpha' && l.id !== 'dup').length).toBeLessThanOrEqual(2);
    expect(labelFolds(labels.slice(0, 2))).toHaveLength(2);
  });
});
