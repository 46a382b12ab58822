// Sparse feature vectors as parallel typed arrays (sorted indices, values): the currency between the TF-IDF
// featuriser and the linear model. Typed arrays keep one short message's features in two small allocations.

export interface SparseVector {
  /** Feature indices, strictly increasing. */
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Euclidean norm. */
export function l2Norm(v: SparseVector): number {
  let s = 0;
  for (let i = 0; i < v.values.length; i++) s += v.values[i]! * v.values[i]!;
  return Math.sqrt(s);
}

/** Scales the values in place so the norm is `target` (a zero vector stays zero). */
export function normaliseInPlace(v: SparseVector, target = 1): void {
  const norm = l2Norm(v);
  if (norm === 0) return;
  const f = target / norm;
  for (let i = 0; i < v.values.length; i++) v.values[i]! *= f;
}

/** Places `b` after `a` in one vector, shifting b's indices by `offset` (the size of a's block). */
export function concat(a: SparseVector, b: SparseVector, offset: number): SparseVector {
  const indices = new Int32Array(a.indices.length + b.indices.length);
  const values = new Float32Array(indices.length);
  indices.set(a.indices);
  values.set(a.values);
  for (let i = 0; i < b.indices.length; i++) {
    indices[a.indices.length + i] = b.indices[i]! + offset;
    values[a.values.length + i] = b.values[i]!;
  }
  return { indices, values };
}
