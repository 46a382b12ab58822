import { describe, expect, it } from 'vitest';
import { binCount, binOf, describeFeature, quantileCuts, type AdditiveValue } from '../../src/crm/additive-bins.js';
import { AdditiveBooster } from '../../src/crm/additive-boosting.js';
import { fastGain, mainStep } from '../../src/crm/additive-steps.js';
import { rocAuc } from '../../src/crm/cv-metrics.js';
import { mulberry32 } from '../../src/nlu/lexical/seeded-random.js';

const CATS = ['a', 'b', 'c'] as const;
const EFFECT = { a: -1, b: 0, c: 1 } as const;

/** Rows (x numeric, cat, noise) whose true log-odds is a step in x plus a per-category effect. */
function additiveData(n: number, seed: number) {
  const random = mulberry32(seed);
  const X: AdditiveValue[][] = [];
  const y: number[] = [];
  const logits: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = random() * 10;
    const cat = CATS[Math.floor(random() * 3)] ?? 'a';
    const logit = (x > 5 ? 1.5 : -1.5) + EFFECT[cat];
    X.push([x, cat, random()]);
    logits.push(logit);
    y.push(random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
  }
  return { X, y, logits };
}

const FAST_SETTINGS = { learningRate: 0.1, maxRounds: 300, pairs: 0, minLeafShare: 0.02 };

describe('additive bins', () => {
  it('keeps bin 0 for missing and unseen values', () => {
    const num = describeFeature('x', [1, 2, null, 3], 256, 32);
    expect(num.kind).toBe('numeric');
    expect([binOf(num, null), binOf(num, undefined), binOf(num, 1), binOf(num, 2), binOf(num, 3), binOf(num, 99)]).toEqual([0, 0, 1, 2, 3, 3]);
    const cat = describeFeature('c', ['b', 'a', 'b'], 256, 32);
    expect(cat).toEqual({ name: 'c', kind: 'categorical', categories: ['a', 'b'] });
    expect([binOf(cat, 'a'), binOf(cat, 'b'), binOf(cat, 'never seen'), binCount(cat)]).toEqual([1, 2, 0, 3]);
  });

  it('cuts at most maxBins quantile bins', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(quantileCuts(xs, 4)).toEqual([250, 500, 750]);
    expect(quantileCuts([1, 1, 2], 4)).toEqual([1.5]);
  });
});

describe('additive steps', () => {
  it('gives a main term Newton leaf values −rate·G/H on the best cut', () => {
    const feature = describeFeature('x', [1, 2, 3, 4], 256, 32);
    const step = mainStep(feature, { rate: 0.5, minLeaf: 1, maxLeaves: 2 });
    // Bins 1,2 push down (negative gradient sums), bins 3,4 up; bin 0 (missing) is empty.
    const delta = step(Float64Array.from([0, -2, -2, 2, 2]), Float64Array.from([0, 1, 1, 1, 1]), Int32Array.from([0, 1, 1, 1, 1]));
    expect([...(delta ?? [])]).toEqual([0, 1, 1, -1, -1]);
  });

  it('scores a checkerboard pair above a pair with no interaction (FAST)', () => {
    // 2×2 cells: gradients +1/−1 in a checkerboard, so no single feature explains them, but the pair does.
    const H = Float64Array.from([10, 10, 10, 10]);
    const C = Int32Array.from([10, 10, 10, 10]);
    const checker = fastGain(Float64Array.from([5, -5, -5, 5]), H, C, 2, 2, 1);
    const flat = fastGain(Float64Array.from([1, 1, 1, 1]), H, C, 2, 2, 1);
    expect(checker).toBeCloseTo(4 * 2.5, 10);
    expect(flat).toBeCloseTo(0, 10);
  });
});

describe('additive booster', () => {
  const { X, y, logits } = additiveData(2000, 7);
  const model = AdditiveBooster.train(X, y, ['x', 'cat', 'noise'], FAST_SETTINGS);

  it('learns a known additive function: the step in x, the category effects, nothing for noise', () => {
    const at = (x: number, cat: string, noise: number) => model.terms([x, cat, noise]).mains;
    const step = (at(8, 'b', 0.5)[0] ?? 0) - (at(2, 'b', 0.5)[0] ?? 0);
    expect(step).toBeGreaterThan(2.3);
    expect(step).toBeLessThan(3.7);
    const [a, b, c] = CATS.map((cat) => at(5, cat, 0.5)[1] ?? 0);
    expect((c ?? 0) - (a ?? 0)).toBeGreaterThan(1.4);
    expect(b).toBeGreaterThan(a ?? 0);
    expect(c).toBeGreaterThan(b ?? 0);
    // Spread of each term over the rows: the noise term stays small next to the real step.
    const spread = (j: number) => {
      const v = X.map((r) => model.terms(r).mains[j] ?? 0);
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
    };
    expect(spread(2)).toBeLessThan(spread(0) / 5);
    const auc = rocAuc(X.map((r) => model.margin(r)), y.map((v) => v === 1));
    const ideal = rocAuc(logits, y.map((v) => v === 1));
    expect(auc).toBeGreaterThan(ideal - 0.02);
    expect(model.file.rounds.mains).toBeGreaterThan(0);
  });

  it('contributions add up to the margin exactly, pairs included', () => {
    const withPairs = AdditiveBooster.train(X.slice(0, 800), y.slice(0, 800), ['x', 'cat', 'noise'], { ...FAST_SETTINGS, maxRounds: 60, pairs: 2 });
    expect(withPairs.file.pairs.length).toBeGreaterThan(0);
    for (const row of [X[0], X[1], [null, 'unseen', 0.5]] as AdditiveValue[][]) {
      const sum = withPairs.contributions(row).reduce((s, v) => s + v, withPairs.file.intercept);
      expect(sum).toBeCloseTo(withPairs.margin(row), 12);
    }
  });

  it('scores an unseen category and a missing number at 0 when training had none, and learns a missing bin it saw', () => {
    expect(model.terms([null, 'never seen', 0.5]).mains.slice(0, 2)).toEqual([0, 0]);
    // Missing x always churns here: the missing bin must learn a high score.
    const Xm = X.map((r, i) => (i % 10 === 0 ? [null, r[1], r[2]] : r));
    const ym = y.map((v, i) => (i % 10 === 0 ? 1 : v));
    const m = AdditiveBooster.train(Xm, ym, ['x', 'cat', 'noise'], { ...FAST_SETTINGS, minLeafShare: 0.01 });
    expect(m.terms([null, 'b', 0.5]).mains[0]).toBeGreaterThan(m.terms([8, 'b', 0.5]).mains[0] ?? 0);
  });

  it('is deterministic for a seed and reloads from JSON', () => {
    const again = AdditiveBooster.train(X, y, ['x', 'cat', 'noise'], FAST_SETTINGS);
    expect(JSON.stringify(again.file)).toBe(JSON.stringify(model.file));
    const other = AdditiveBooster.train(X, y, ['x', 'cat', 'noise'], { ...FAST_SETTINGS, seed: 9 });
    expect(JSON.stringify(other.file)).not.toBe(JSON.stringify(model.file));
    const reloaded = AdditiveBooster.fromJSON(JSON.parse(JSON.stringify(model.file)));
    expect(reloaded.margin(X[3] ?? [])).toBe(model.margin(X[3] ?? []));
    expect(() => AdditiveBooster.fromJSON({ ...model.file, mains: 'no' })).toThrow();
  });

  it('picks the interacting pair by FAST', () => {
    const random = mulberry32(3);
    const rows: AdditiveValue[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const [p, q, r] = [random() < 0.5 ? 'y' : 'n', random() < 0.5 ? 'y' : 'n', random() < 0.5 ? 'y' : 'n'];
      rows.push([p, q, r]);
      labels.push(random() < ((p === q) ? 0.8 : 0.2) ? 1 : 0);
    }
    const m = AdditiveBooster.train(rows, labels, ['p', 'q', 'r'], { ...FAST_SETTINGS, maxRounds: 100, pairs: 1 });
    expect(m.file.pairs.map((pair) => [pair.a, pair.b])).toEqual([[0, 1]]);
    expect(rocAuc(rows.map((r) => m.margin(r)), labels.map((v) => v === 1))).toBeGreaterThan(0.75);
  });
});
