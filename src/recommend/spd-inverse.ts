// Inverse of a symmetric positive-definite matrix (row-major Float64Array, n × n) via Cholesky: A = L Lᵀ, then
// A⁻¹ = L⁻ᵀ L⁻¹. Every inner loop is a dot product of two contiguous rows, which is what keeps a 3,600² inverse
// within seconds in plain TypeScript. About n³/2 multiply-adds in total; the input is overwritten.

function dot(a: Float64Array, offA: number, offB: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += a[offA + k]! * a[offB + k]!;
    s1 += a[offA + k + 1]! * a[offB + k + 1]!;
    s2 += a[offA + k + 2]! * a[offB + k + 2]!;
    s3 += a[offA + k + 3]! * a[offB + k + 3]!;
  }
  for (; k < len; k++) s0 += a[offA + k]! * a[offB + k]!;
  return s0 + s1 + s2 + s3;
}

/** Overwrites the lower triangle of a with L (A = L Lᵀ); throws when a is not positive definite. */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    const d = a[rj + j]! - dot(a, rj, rj, j);
    if (!(d > 0)) throw new Error(`matrix is not positive definite (pivot ${j})`);
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      a[ri + j] = (a[ri + j]! - dot(a, ri, rj, j)) / ljj;
    }
  }
}

/** Returns A⁻¹ for a symmetric positive-definite A; a is destroyed. */
export function invertSpd(a: Float64Array, n: number): Float64Array {
  choleskyInPlace(a, n);
  // U = (L⁻¹)ᵀ, upper triangular, built row by row: row i of U is column i of L⁻¹.
  // Solve L X = I column by column is column-access; instead compute M = L⁻¹ (lower) by forward substitution on
  // rows, storing M transposed so that later dot products run along rows.
  const ut = new Float64Array(n * n); // ut[i * n + k] = M[k][i] (k ≥ i)
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Column i of M solves L m = e_i: m[k] = 0 for k < i.
    col.fill(0);
    col[i] = 1 / a[i * n + i]!;
    for (let k = i + 1; k < n; k++) {
      const rk = k * n;
      let s = 0;
      for (let t = i; t < k; t++) s += a[rk + t]! * col[t]!;
      col[k] = -s / a[rk + k]!;
    }
    ut.set(col.subarray(i), i * n + i);
  }
  // A⁻¹[i][j] = Σ_k M[k][i] M[k][j] over k ≥ max(i, j) = dot of rows i and j of ut from max(i, j).
  const inv = a; // reuse the storage
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = dotFrom(ut, i * n, j * n, j, n);
      inv[i * n + j] = v;
      inv[j * n + i] = v;
    }
  }
  return inv;
}

function dotFrom(a: Float64Array, rowA: number, rowB: number, from: number, n: number): number {
  return dot(a, rowA + from, rowB + from, n - from);
}
