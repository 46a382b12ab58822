// Dense item × item helpers shared by the neighbourhood models: co-occurrence counting over item sets (users or
// baskets) and keeping each item's top-N neighbours as a sparse matrix. A 3,700-item catalogue is a 55 MB
// Float32Array while counting; only the sparse neighbour lists are kept after fit.
import { csrFromTriples, type Csr } from './sparse.js';

/** counts[i * n + j] = number of sets containing both i and j (i ≠ j); the diagonal holds set counts per item. */
export function cooccurrence(sets: Iterable<Int32Array>, n: number): Float32Array {
  const counts = new Float32Array(n * n);
  for (const set of sets) {
    const len = set.length;
    for (let a = 0; a < len; a++) {
      const i = set[a]!;
      const row = i * n;
      counts[row + i]! += 1;
      for (let b = a + 1; b < len; b++) {
        const j = set[b]!;
        counts[row + j]! += 1;
        counts[j * n + i]! += 1;
      }
    }
  }
  return counts;
}

/** Cosine similarity of binary columns from a co-occurrence matrix, in place: c_ij / sqrt(c_ii c_jj). */
export function cosineInPlace(counts: Float32Array, n: number): void {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) norms[i] = Math.sqrt(counts[i * n + i]!);
  for (let i = 0; i < n; i++) {
    const ni = norms[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const d = ni * norms[j]!;
      counts[row + j] = d > 0 ? counts[row + j]! / d : 0;
    }
  }
}

/**
 * Keeps, for every row i, the `keep` largest positive entries with j ≠ i (unless includeSelf) as a CSR matrix whose
 * row i lists i's neighbours. `keep` = Infinity keeps every positive entry.
 */
export function topNeighbours(dense: Float32Array, n: number, keep: number, includeSelf = false): Csr {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const k = Math.min(keep, n);
  const best = new Int32Array(k);
  const bestVal = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let filled = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      const v = dense[row + j]!;
      if (!(v > 0) || (j === i && !includeSelf)) continue;
      if (k === n) {
        // Keeping everything: no selection needed (and insertion would be quadratic).
        rows.push(i);
        cols.push(j);
        vals.push(v);
        continue;
      }
      if (filled === k && v <= bestVal[k - 1]!) continue;
      let pos = filled < k ? filled++ : k - 1;
      while (pos > 0 && bestVal[pos - 1]! < v) {
        best[pos] = best[pos - 1]!;
        bestVal[pos] = bestVal[pos - 1]!;
        pos--;
      }
      best[pos] = j;
      bestVal[pos] = v;
    }
    for (let p = 0; p < filled; p++) {
      rows.push(i);
      cols.push(best[p]!);
      vals.push(bestVal[p]!);
    }
  }
  return csrFromTriples(n, n, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(vals));
}
