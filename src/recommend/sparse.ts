// Compressed sparse row matrices on typed arrays: the storage for user-item and item-item data in recommend/.
// Rows are users or items indexed 0..n-1; values are float64 so counts and similarities share one type.

export interface Csr {
  rows: number;
  cols: number;
  /** Row r spans indices/values [indptr[r], indptr[r + 1]). Length rows + 1. */
  indptr: Int32Array;
  /** Column ids, sorted ascending within each row. */
  indices: Int32Array;
  values: Float64Array;
}

/** Builds a CSR matrix from (row, col, value) triples; duplicate cells are summed. */
export function csrFromTriples(rows: number, cols: number, r: Int32Array, c: Int32Array, v: Float64Array): Csr {
  const n = r.length;
  const counts = new Int32Array(rows + 1);
  for (let t = 0; t < n; t++) counts[r[t]! + 1]!++;
  for (let i = 0; i < rows; i++) counts[i + 1]! += counts[i]!;
  const cursor = counts.slice(0, rows);
  const idx = new Int32Array(n);
  const val = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const pos = cursor[r[t]!]!++;
    idx[pos] = c[t]!;
    val[pos] = v[t]!;
  }
  // Sort each row by column and merge duplicates in place, then compact.
  const indptr = new Int32Array(rows + 1);
  let out = 0;
  for (let i = 0; i < rows; i++) {
    const start = counts[i]!;
    const end = counts[i + 1]!;
    const order = Array.from({ length: end - start }, (_, k) => start + k).sort((a, b) => idx[a]! - idx[b]!);
    const cols2 = order.map((p) => idx[p]!);
    const vals2 = order.map((p) => val[p]!);
    indptr[i] = out;
    for (let k = 0; k < cols2.length; k++) {
      if (k > 0 && cols2[k] === cols2[k - 1]) {
        val[out - 1]! += vals2[k]!;
      } else {
        idx[out] = cols2[k]!;
        val[out] = vals2[k]!;
        out++;
      }
    }
  }
  indptr[rows] = out;
  return { rows, cols, indptr, indices: idx.slice(0, out), values: val.slice(0, out) };
}

/** The transpose, with columns of each row still sorted. */
export function transpose(m: Csr): Csr {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.cols + 1);
  for (let t = 0; t < nnz; t++) indptr[m.indices[t]! + 1]!++;
  for (let j = 0; j < m.cols; j++) indptr[j + 1]! += indptr[j]!;
  const cursor = indptr.slice(0, m.cols);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  for (let i = 0; i < m.rows; i++) {
    for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) {
      const pos = cursor[m.indices[p]!]!++;
      indices[pos] = i;
      values[pos] = m.values[p]!;
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, values };
}

/** Number of stored entries in row r. */
export function rowLength(m: Csr, r: number): number {
  return m.indptr[r + 1]! - m.indptr[r]!;
}

/** Value at (r, c), 0 when absent (binary search in the sorted row). */
export function cell(m: Csr, r: number, c: number): number {
  let lo = m.indptr[r]!;
  let hi = m.indptr[r + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const col = m.indices[mid]!;
    if (col === c) return m.values[mid]!;
    if (col < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
