// Multinomial logistic regression on sparse rows, trained by plain SGD with L2 regularisation, a linearly decaying
// learning rate and averaging of the iterates (averaged SGD, Polyak–Ruppert). The L2 shrinkage and the averaging
// are both applied lazily (one scale factor, one correction matrix), so a step costs O(nnz × K) and never touches
// the whole K × D weight matrix. Weights are stored feature-major (row j = the K class weights of feature j) so one
// feature's weights sit together in memory.
import { mulberry32, shuffleInPlace } from './seeded-random.js';
import type { SparseVector } from './sparse-vector.js';

export interface SoftmaxOptions {
  epochs: number;
  /** Initial step size; decays linearly to `learningRate × finalLearningRateRatio` at the last epoch. */
  learningRate: number;
  finalLearningRateRatio: number;
  /** L2 penalty per example (the loss is mean cross-entropy + l2/2 · ‖W‖²). */
  l2: number;
  /** Weight each example by N / (K · n_class) so rare intents count as much as common ones. */
  classBalanced: boolean;
  /** The iterates are averaged from this fraction of the training steps onwards (1 = no averaging). */
  averageFrom: number;
  /**
   * Gradient entries smaller than this in size are applied at ±sparsifyBelow with probability |g| / sparsifyBelow
   * (unbiased stochastic rounding), so a step updates only the few classes that matter for that row instead of
   * all K. 0 = exact gradients.
   */
  sparsifyBelow: number;
  seed: number;
}

export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxOptions = {
  epochs: 10,
  learningRate: 2,
  finalLearningRateRatio: 0.02,
  l2: 1e-6,
  classBalanced: true,
  averageFrom: 0.5,
  sparsifyBelow: 0.01,
  seed: 1,
};

export interface LinearModel {
  numClasses: number;
  dimension: number;
  /** dimension × numClasses, feature-major. */
  weights: Float32Array;
  bias: Float32Array;
}

/** z = W·x (no bias) for feature-major weights with k classes. The hot loop of training and classifying. */
function accumulateScores(weights: Float32Array, k: number, x: SparseVector, z: Float64Array): void {
  z.fill(0);
  const indices = x.indices;
  const values = x.values;
  for (let i = 0; i < indices.length; i++) {
    const base = indices[i]! * k;
    const v = values[i]!;
    for (let c = 0; c < k; c++) z[c]! += v * weights[base + c]!;
  }
}

/** weights[j, active[a]] −= step · x_j · grad[a] for the row's features. */
function update(weights: Float32Array, k: number, x: SparseVector, step: number, active: Int32Array, grad: Float64Array, m: number): void {
  for (let i = 0; i < x.indices.length; i++) {
    const base = x.indices[i]! * k;
    const v = x.values[i]! * step;
    for (let a = 0; a < m; a++) weights[base + active[a]!]! -= v * grad[a]!;
  }
}

/** update(), also compensating the running average for the change (see trainSoftmax). */
function updateAveraged(
  weights: Float32Array,
  correction: Float64Array,
  sumScale: number,
  k: number,
  x: SparseVector,
  step: number,
  active: Int32Array,
  grad: Float64Array,
  m: number,
): void {
  for (let i = 0; i < x.indices.length; i++) {
    const base = x.indices[i]! * k;
    const v = x.values[i]! * step;
    for (let a = 0; a < m; a++) {
      const j = base + active[a]!;
      const before = weights[j]!;
      weights[j] = before - v * grad[a]!;
      // The float32 change actually stored, so rounding does not leak into the average.
      correction[j]! -= sumScale * (weights[j]! - before);
    }
  }
}

/** Class scores W·x + b into `out` (length numClasses). */
export function linearScores(model: LinearModel, x: SparseVector, out: Float64Array = new Float64Array(model.numClasses)): Float64Array {
  accumulateScores(model.weights, model.numClasses, x, out);
  for (let c = 0; c < model.numClasses; c++) out[c]! += model.bias[c]!;
  return out;
}

/** Softmax in place; returns the array. */
export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) if (z[c]! > max) max = z[c]!;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c]! - max);
    sum += z[c]!;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}

export function trainSoftmax(
  rows: readonly SparseVector[],
  labels: ArrayLike<number>,
  numClasses: number,
  dimension: number,
  options: SoftmaxOptions = DEFAULT_SOFTMAX_OPTIONS,
): LinearModel {
  const n = rows.length;
  if (labels.length !== n) throw new RangeError(`${n} rows but ${labels.length} labels`);
  const k = numClasses;
  const weights = new Float32Array(dimension * k);
  const bias = new Float32Array(k);
  const classCounts = new Float64Array(k);
  for (let i = 0; i < n; i++) classCounts[labels[i]!]! += 1;
  const exampleWeight = Float64Array.from(classCounts, (count) => (options.classBalanced && count > 0 ? n / (k * count) : 1));

  const model: LinearModel = { numClasses: k, dimension, weights, bias };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = mulberry32(options.seed);
  const z = new Float64Array(k);
  const active = new Int32Array(k);
  const grad = new Float64Array(k);
  // Lazy L2: true weights = scale × stored `weights`. Lazy averaging (Xu 2011): the running sum of the true
  // weights since averaging began is `correction + sumScale × weights`; a sparse change δ to `weights` is
  // compensated by correction −= sumScale × δ, so averaging costs only the entries a step touches.
  let scale = 1;
  const correction = new Float64Array(dimension * k);
  let sumScale = 0;
  let averaged = 0;
  const biasSum = new Float64Array(k);
  const totalSteps = options.epochs * n;
  const averageStart = Math.floor(totalSteps * Math.min(1, Math.max(0, options.averageFrom)));
  let stepIndex = 0;
  const tau = Math.max(0, options.sparsifyBelow);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let t = 0; t < n; t++, stepIndex++) {
      const lr = options.learningRate * (1 - (stepIndex / totalSteps) * (1 - options.finalLearningRateRatio));
      const r = order[t]!;
      const x = rows[r]!;
      const y = labels[r]!;
      accumulateScores(weights, k, x, z);
      for (let c = 0; c < k; c++) z[c] = z[c]! * scale + bias[c]!;
      softmaxInPlace(z);
      const ew = exampleWeight[y]!;
      let m = 0;
      for (let c = 0; c < k; c++) {
        let g = (z[c]! - (c === y ? 1 : 0)) * ew;
        if (g < tau && g > -tau) {
          if (random() * tau >= Math.abs(g)) continue;
          g = g > 0 ? tau : -tau;
        }
        active[m] = c;
        grad[m++] = g;
        bias[c]! -= lr * g;
      }
      scale *= 1 - lr * options.l2;
      if (scale < 1e-6) {
        // Fold the scale into the stored weights; the running sum keeps its value (sumScale × old = (sumScale/scale) × new).
        for (let i = 0; i < weights.length; i++) weights[i]! *= scale;
        sumScale /= scale;
        scale = 1;
      }
      const step = lr / scale;
      const averaging = stepIndex >= averageStart;
      if (averaging) updateAveraged(weights, correction, sumScale, k, x, step, active, grad, m);
      else update(weights, k, x, step, active, grad, m);
      if (averaging) {
        sumScale += scale;
        averaged += 1;
        for (let c = 0; c < k; c++) biasSum[c]! += bias[c]!;
      }
    }
  }
  if (averaged === 0) {
    for (let i = 0; i < weights.length; i++) weights[i]! *= scale;
  } else {
    for (let i = 0; i < weights.length; i++) weights[i] = (correction[i]! + sumScale * weights[i]!) / averaged;
    for (let c = 0; c < k; c++) bias[c] = biasSum[c]! / averaged;
  }
  return model;
}
