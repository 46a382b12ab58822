// The SGD softmax trainer: learns a separable toy problem, is deterministic, and its lazy L2 + lazy averaging
// give the same weights as a plain dense implementation of the same algorithm.
import { describe, expect, it } from 'vitest';
import { mulberry32, shuffleInPlace } from '../../../src/nlu/lexical/seeded-random.js';
import { linearScores, softmaxInPlace, trainSoftmax, type SoftmaxOptions } from '../../../src/nlu/lexical/softmax-regression.js';
import type { SparseVector } from '../../../src/nlu/lexical/sparse-vector.js';

const vec = (pairs: [number, number][]): SparseVector => ({
  indices: Int32Array.from(pairs.map((p) => p[0])),
  values: Float32Array.from(pairs.map((p) => p[1])),
});

// Three classes over 5 features: class c owns feature c; features 3 and 4 are shared noise.
const rows: SparseVector[] = [];
const labels: number[] = [];
for (let c = 0; c < 3; c++) {
  for (let r = 0; r < 6 + c * 2; r++) {
    rows.push(vec([[c, 0.8], [3 + (r % 2), 0.6]]));
    labels.push(c);
  }
}
const options: SoftmaxOptions = { epochs: 30, learningRate: 0.5, finalLearningRateRatio: 0.1, l2: 1e-3, classBalanced: true, averageFrom: 0.5, sparsifyBelow: 0, seed: 3 };

/** The same algorithm written densely: shrink every weight every step, sum every weight every averaged step. */
function referenceTrain(x: SparseVector[], y: number[], k: number, d: number, o: SoftmaxOptions): { w: Float64Array; b: Float64Array } {
  const n = x.length;
  const w = new Float64Array(d * k);
  const b = new Float64Array(k);
  const sumW = new Float64Array(d * k);
  const sumB = new Float64Array(k);
  let averaged = 0;
  const counts = new Float64Array(k);
  y.forEach((c) => (counts[c]! += 1));
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(o.seed);
  const total = o.epochs * n;
  let step = 0;
  for (let e = 0; e < o.epochs; e++) {
    shuffleInPlace(order, random);
    for (let t = 0; t < n; t++, step++) {
      const lr = o.learningRate * (1 - (step / total) * (1 - o.finalLearningRateRatio));
      const r = order[t]!;
      const p = softmaxInPlace(linearScores({ numClasses: k, dimension: d, weights: Float32Array.from(w), bias: Float32Array.from(b) }, x[r]!));
      const ew = n / (k * counts[y[r]!]!);
      const g = Array.from(p, (pc, c) => (pc - (c === y[r] ? 1 : 0)) * ew);
      g.forEach((gc, c) => (b[c]! -= lr * gc));
      for (let i = 0; i < w.length; i++) w[i]! *= 1 - lr * o.l2;
      x[r]!.indices.forEach((j, i) => g.forEach((gc, c) => (w[j * k + c]! -= lr * x[r]!.values[i]! * gc)));
      if (step >= Math.floor(total * o.averageFrom)) {
        for (let i = 0; i < w.length; i++) sumW[i]! += w[i]!;
        for (let c = 0; c < k; c++) sumB[c]! += b[c]!;
        averaged += 1;
      }
    }
  }
  return { w: sumW.map((v) => v / averaged), b: sumB.map((v) => v / averaged) };
}

describe('trainSoftmax', () => {
  it('learns a separable problem with confident, correct probabilities', () => {
    const model = trainSoftmax(rows, labels, 3, 5, options);
    rows.forEach((x, i) => {
      const p = softmaxInPlace(linearScores(model, x));
      expect(p.indexOf(Math.max(...p))).toBe(labels[i]);
      expect(p[labels[i]!]).toBeGreaterThan(0.8);
    });
  });

  it('is deterministic for a seed and differs with another seed', () => {
    const a = trainSoftmax(rows, labels, 3, 5, options);
    const b = trainSoftmax(rows, labels, 3, 5, options);
    const c = trainSoftmax(rows, labels, 3, 5, { ...options, seed: 4 });
    expect([...b.weights]).toEqual([...a.weights]);
    expect([...c.weights]).not.toEqual([...a.weights]);
  });

  it('matches a dense implementation of the same SGD (lazy L2 and lazy averaging are exact)', () => {
    const model = trainSoftmax(rows, labels, 3, 5, options);
    const ref = referenceTrain(rows, labels, 3, 5, options);
    model.weights.forEach((v, i) => expect(v).toBeCloseTo(ref.w[i]!, 4));
    model.bias.forEach((v, i) => expect(v).toBeCloseTo(ref.b[i]!, 4));
  });

  it('still learns, deterministically, with sparsified gradients', () => {
    const sparse = { ...options, sparsifyBelow: 0.05 };
    const model = trainSoftmax(rows, labels, 3, 5, sparse);
    rows.forEach((x, i) => {
      const p = softmaxInPlace(linearScores(model, x));
      expect(p.indexOf(Math.max(...p))).toBe(labels[i]);
    });
    expect([...trainSoftmax(rows, labels, 3, 5, sparse).weights]).toEqual([...model.weights]);
  });

  it('returns the last iterate when averaging is off, and rejects mismatched labels', () => {
    const model = trainSoftmax(rows, labels, 3, 5, { ...options, averageFrom: 1 });
    const ref = referenceTrain(rows, labels, 3, 5, { ...options, averageFrom: 1 - 1e-9 });
    model.weights.forEach((v, i) => expect(v).toBeCloseTo(ref.w[i]!, 4));
    expect(() => trainSoftmax(rows, labels.slice(1), 3, 5, options)).toThrow(RangeError);
  });
});
