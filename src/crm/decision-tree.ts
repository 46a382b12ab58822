// Regression trees for gradient boosting: features cut into quantile bins once, splits found from per-bin sums of
// gradients and hessians (Newton step, L2 on leaf values), and per-feature path contributions (Saabas) for
// explanations.
import { z } from 'zod';

export const treeSchema = z.object({
  /** Split feature per node, -1 for a leaf. */
  feature: z.array(z.number().int()),
  /** Goes left when value ≤ threshold. */
  threshold: z.array(z.number()),
  left: z.array(z.number().int()),
  right: z.array(z.number().int()),
  /** Log-odds step of every node (internal nodes too: Saabas contributions are differences along the path). */
  value: z.array(z.number()),
});
export type Tree = z.infer<typeof treeSchema>;

export interface Binned {
  /** Upper bin edges per feature: bin b holds edges[b-1] < x ≤ edges[b]. */
  edges: number[][];
  /** Bin index per feature per row. */
  bins: Uint8Array[];
}

/** At most `maxBins` bins per feature: every distinct value when there are few, else quantile cut points. */
export function binFeatures(X: number[][], maxBins = 32): Binned {
  const width = X[0]?.length ?? 0;
  const edges: number[][] = [];
  const bins: Uint8Array[] = [];
  for (let f = 0; f < width; f++) {
    const sorted = X.map((r) => r[f] ?? 0).sort((a, b) => a - b);
    const distinct = [...new Set(sorted)];
    let cuts: number[];
    if (distinct.length <= maxBins) cuts = distinct.slice(0, -1).map((v, i) => (v + (distinct[i + 1] ?? v)) / 2);
    else {
      const q = new Set<number>();
      for (let b = 1; b < maxBins; b++) q.add(sorted[Math.floor((b * sorted.length) / maxBins)] ?? 0);
      cuts = [...q].filter((v) => v < (sorted.at(-1) ?? 0)).sort((a, b) => a - b);
    }
    edges.push(cuts);
    bins.push(Uint8Array.from(X, (r) => binOf(cuts, r[f] ?? 0)));
  }
  return { edges, bins };
}

function binOf(cuts: number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= (cuts[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface TreeOptions {
  maxDepth: number;
  /** Fewest rows a leaf may hold. */
  minLeaf: number;
  /** L2 penalty on leaf values (the λ in −G/(H+λ)). */
  lambda: number;
  /** Multiplies every node value (the boosting learning rate). */
  shrinkage: number;
}

/** Gain of splitting a node with sums (G, H) into (gl, hl) and the rest, in the Newton approximation of the loss. */
export function splitGain(gl: number, hl: number, g: number, h: number, lambda: number): number {
  const gr = g - gl;
  const hr = h - hl;
  return (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (g * g) / (h + lambda);
}

/** Grows one tree depth-first on the rows given (a boosting round's subsample). */
export function fitTree(data: Binned, grad: Float64Array, hess: Float64Array, rows: Int32Array, o: TreeOptions): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const grow = (idx: Int32Array, depth: number): number => {
    let g = 0;
    let h = 0;
    for (const i of idx) {
      g += grad[i] ?? 0;
      h += hess[i] ?? 0;
    }
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-g / (h + o.lambda)) * o.shrinkage);
    if (depth >= o.maxDepth || idx.length < 2 * o.minLeaf) return node;
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    data.edges.forEach((cuts, f) => {
      const nb = cuts.length + 1;
      if (nb < 2) return;
      const hg = new Float64Array(nb);
      const hh = new Float64Array(nb);
      const hc = new Int32Array(nb);
      const col = data.bins[f] as Uint8Array;
      for (const i of idx) {
        const b = col[i] ?? 0;
        hg[b] = (hg[b] ?? 0) + (grad[i] ?? 0);
        hh[b] = (hh[b] ?? 0) + (hess[i] ?? 0);
        hc[b] = (hc[b] ?? 0) + 1;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += hg[b] ?? 0;
        hl += hh[b] ?? 0;
        cl += hc[b] ?? 0;
        if (cl < o.minLeaf || idx.length - cl < o.minLeaf) continue;
        const gain = splitGain(gl, hl, g, h, o.lambda);
        if (gain > best.gain) best = { gain, feature: f, bin: b };
      }
    });
    if (best.feature < 0) return node;
    const col = data.bins[best.feature] as Uint8Array;
    const leftRows = idx.filter((i) => (col[i] ?? 0) <= best.bin);
    const rightRows = idx.filter((i) => (col[i] ?? 0) > best.bin);
    tree.feature[node] = best.feature;
    tree.threshold[node] = data.edges[best.feature]?.[best.bin] ?? 0;
    tree.left[node] = grow(leftRows, depth + 1);
    tree.right[node] = grow(rightRows, depth + 1);
    return node;
  };
  grow(rows, 0);
  return tree;
}

/** The leaf's log-odds step for one row of raw feature values. */
export function predictTree(tree: Tree, x: number[]): number {
  let n = 0;
  while ((tree.feature[n] ?? -1) >= 0) n = (x[tree.feature[n] ?? 0] ?? 0) <= (tree.threshold[n] ?? 0) ? (tree.left[n] ?? 0) : (tree.right[n] ?? 0);
  return tree.value[n] ?? 0;
}

/**
 * Saabas path contributions: the change in node value at each split is credited to the split's feature, so
 * root value + Σ contributions = the leaf value.
 */
export function treeContributions(tree: Tree, x: number[], into: Float64Array): number {
  let n = 0;
  while ((tree.feature[n] ?? -1) >= 0) {
    const f = tree.feature[n] ?? 0;
    const next = (x[f] ?? 0) <= (tree.threshold[n] ?? 0) ? (tree.left[n] ?? 0) : (tree.right[n] ?? 0);
    into[f] = (into[f] ?? 0) + (tree.value[next] ?? 0) - (tree.value[n] ?? 0);
    n = next;
  }
  return tree.value[0] ?? 0;
}
