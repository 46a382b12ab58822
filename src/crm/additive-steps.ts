// One boosting step of the additive booster for a single term, from the per-bin sums of gradients (G), hessians (H)
// and row counts (C): a main term gets a tree of at most `maxLeaves` leaves over its ordered bins, a pair a cut on one
// feature then one cut on the other within each side (at most four leaves), and FAST ranks candidate pairs by the
// gain of the best single cut on each feature. Leaf values are shrunken Newton steps, −rate · G / H.
import type { AdditiveFeature } from './additive-bins.js';

/** Per-cell change of a term's scores, or null when no cut is worth making. */
export type TermStep = (G: Float64Array, H: Float64Array, C: Int32Array) => Float64Array | null;

const score = (g: number, h: number) => (g * g) / Math.max(h, 1e-12);

interface Segment {
  from: number;
  to: number;
}

/** Best cut of positions [from, to] of `order` (left ends at `at`), keeping ≥ minLeaf rows on each side. */
function bestCut(order: number[], s: Segment, G: Float64Array, H: Float64Array, C: Int32Array, minLeaf: number) {
  let g = 0;
  let h = 0;
  let c = 0;
  for (let p = s.from; p <= s.to; p++) {
    const b = order[p] ?? 0;
    g += G[b] ?? 0;
    h += H[b] ?? 0;
    c += C[b] ?? 0;
  }
  let best = { gain: 1e-12, at: -1 };
  let gl = 0;
  let hl = 0;
  let cl = 0;
  for (let p = s.from; p < s.to; p++) {
    const b = order[p] ?? 0;
    gl += G[b] ?? 0;
    hl += H[b] ?? 0;
    cl += C[b] ?? 0;
    if (cl < minLeaf || c - cl < minLeaf) continue;
    const gain = score(gl, hl) + score(g - gl, h - hl) - score(g, h);
    if (gain > best.gain) best = { gain, at: p };
  }
  return best;
}

/** Main-effect step: ordered bins (numeric in value order, categories by G/H), grown best-first to maxLeaves. */
export function mainStep(feature: AdditiveFeature, o: { rate: number; minLeaf: number; maxLeaves: number }): TermStep {
  return (G, H, C) => {
    const n = G.length;
    const order = feature.kind === 'numeric'
      ? Array.from({ length: n }, (_, b) => b).filter((b) => b > 0 || (C[0] ?? 0) > 0)
      : Array.from({ length: n }, (_, b) => b).filter((b) => (C[b] ?? 0) > 0).sort((a, b) => (G[a] ?? 0) / Math.max(H[a] ?? 0, 1e-12) - (G[b] ?? 0) / Math.max(H[b] ?? 0, 1e-12) || a - b);
    const segments: Segment[] = [{ from: 0, to: order.length - 1 }];
    while (segments.length < o.maxLeaves) {
      const cuts = segments.map((s) => bestCut(order, s, G, H, C, o.minLeaf));
      const i = cuts.reduce((best, c, k) => (c.gain > (cuts[best]?.gain ?? 0) ? k : best), 0);
      const cut = cuts[i];
      const s = segments[i];
      if (!cut || !s || cut.at < 0) break;
      segments.splice(i, 1, { from: s.from, to: cut.at }, { from: cut.at + 1, to: s.to });
    }
    if (segments.length < 2) return null;
    const delta = new Float64Array(n);
    for (const s of segments) {
      let g = 0;
      let h = 0;
      for (let p = s.from; p <= s.to; p++) [g, h] = [g + (G[order[p] ?? 0] ?? 0), h + (H[order[p] ?? 0] ?? 0)];
      const value = (-o.rate * g) / Math.max(h, 1e-12);
      for (let p = s.from; p <= s.to; p++) delta[order[p] ?? 0] = value;
    }
    return delta;
  };
}

/** Sums over rows a ≤ i (cumulative along the first feature) for every bin of the second: (nA × nB). */
function cumulative(X: Float64Array | Int32Array, nA: number, nB: number): Float64Array {
  const out = new Float64Array(nA * nB);
  for (let a = 0; a < nA; a++) for (let b = 0; b < nB; b++) out[a * nB + b] = (X[a * nB + b] ?? 0) + (a > 0 ? (out[(a - 1) * nB + b] ?? 0) : 0);
  return out;
}

/** Swaps the roles of the two features of a row-major (nA × nB) table. */
function transpose<T extends Float64Array | Int32Array>(X: T, nA: number, nB: number, make: (n: number) => T): T {
  const out = make(nA * nB);
  for (let a = 0; a < nA; a++) for (let b = 0; b < nB; b++) out[b * nA + a] = X[a * nB + b] ?? 0;
  return out;
}

/** Best "cut the first feature, then the second within each side" tree; leaf ids per cell, or null. */
function bestPairTree(G: Float64Array, H: Float64Array, C: Int32Array, nA: number, nB: number, minLeaf: number) {
  const [cg, ch, cc] = [cumulative(G, nA, nB), cumulative(H, nA, nB), cumulative(C, nA, nB)];
  const last = (X: Float64Array, b: number) => X[(nA - 1) * nB + b] ?? 0;
  const order = Array.from({ length: nB }, (_, b) => b);
  const whole = score(G.reduce((s, v) => s + v, 0), H.reduce((s, v) => s + v, 0));
  let best = { gain: 1e-12, leaves: null as Int32Array | null };
  for (let ca = 0; ca < nA - 1; ca++) {
    const sides = [0, 1].map((side) => {
      const pick = (X: Float64Array, b: number) => (side === 0 ? (X[ca * nB + b] ?? 0) : last(X, b) - (X[ca * nB + b] ?? 0));
      const g = Float64Array.from(order, (b) => pick(cg, b));
      const h = Float64Array.from(order, (b) => pick(ch, b));
      const c = Int32Array.from(order, (b) => Math.round(pick(cc, b)));
      const total = c.reduce((s, v) => s + v, 0);
      const base = score(g.reduce((s, v) => s + v, 0), h.reduce((s, v) => s + v, 0));
      const cut = bestCut(order, { from: 0, to: nB - 1 }, g, h, c, minLeaf);
      return { ok: total >= minLeaf, base, gain: cut.at >= 0 ? cut.gain : 0, at: cut.at };
    });
    if (!sides.every((s) => s.ok)) continue;
    const gain = sides.reduce((s, side) => s + side.base + side.gain, 0) - whole;
    if (gain <= best.gain) continue;
    const leaves = new Int32Array(nA * nB);
    for (let a = 0; a < nA; a++) {
      const side = a <= ca ? 0 : 1;
      const at = sides[side]?.at ?? -1;
      for (let b = 0; b < nB; b++) leaves[a * nB + b] = side * 2 + (at >= 0 && b > at ? 1 : 0);
    }
    best = { gain, leaves };
  }
  return best;
}

/** Pair step: both orders of the two features are tried; the better tree's leaves get Newton steps. */
export function pairStep(nA: number, nB: number, o: { rate: number; minLeaf: number }): TermStep {
  return (G, H, C) => {
    const ab = bestPairTree(G, H, C, nA, nB, o.minLeaf);
    const ba = bestPairTree(transpose(G, nA, nB, (n) => new Float64Array(n)), transpose(H, nA, nB, (n) => new Float64Array(n)), transpose(C, nA, nB, (n) => new Int32Array(n)), nB, nA, o.minLeaf);
    const leaves = ab.gain >= ba.gain ? ab.leaves : ba.leaves && transpose(ba.leaves, nB, nA, (n) => new Int32Array(n));
    if (!leaves) return null;
    const g = new Float64Array(4);
    const h = new Float64Array(4);
    leaves.forEach((leaf, cell) => [g[leaf], h[leaf]] = [(g[leaf] ?? 0) + (G[cell] ?? 0), (h[leaf] ?? 0) + (H[cell] ?? 0)]);
    return Float64Array.from(leaves, (leaf) => (-o.rate * (g[leaf] ?? 0)) / Math.max(h[leaf] ?? 0, 1e-12));
  };
}

/** Inclusive 2-D prefix sums of a row-major (nA × nB) table, so any rectangle sums in O(1). */
function rectangles(X: Float64Array | Int32Array, nA: number, nB: number) {
  const P = new Float64Array((nA + 1) * (nB + 1));
  const w = nB + 1;
  for (let a = 0; a < nA; a++) for (let b = 0; b < nB; b++) P[(a + 1) * w + b + 1] = (X[a * nB + b] ?? 0) + (P[a * w + b + 1] ?? 0) + (P[(a + 1) * w + b] ?? 0) - (P[a * w + b] ?? 0);
  return (a0: number, a1: number, b0: number, b1: number) => (P[(a1 + 1) * w + b1 + 1] ?? 0) - (P[a0 * w + b1 + 1] ?? 0) - (P[(a1 + 1) * w + b0] ?? 0) + (P[a0 * w + b0] ?? 0);
}

/** FAST (Lou et al. 2013): the gain of the best single cut on each feature (four quadrants) of a pair's residuals. */
export function fastGain(G: Float64Array, H: Float64Array, C: Int32Array, nA: number, nB: number, minLeaf: number): number {
  const [g, h, c] = [rectangles(G, nA, nB), rectangles(H, nA, nB), rectangles(C, nA, nB)];
  const total = score(g(0, nA - 1, 0, nB - 1), h(0, nA - 1, 0, nB - 1));
  let best = 0;
  for (let ca = 0; ca < nA - 1; ca++) {
    for (let cb = 0; cb < nB - 1; cb++) {
      const quadrants = [[0, ca, 0, cb], [0, ca, cb + 1, nB - 1], [ca + 1, nA - 1, 0, cb], [ca + 1, nA - 1, cb + 1, nB - 1]] as const;
      if (quadrants.some(([a0, a1, b0, b1]) => c(a0, a1, b0, b1) < minLeaf)) continue;
      best = Math.max(best, quadrants.reduce((s, [a0, a1, b0, b1]) => s + score(g(a0, a1, b0, b1), h(a0, a1, b0, b1)), 0) - total);
    }
  }
  return best;
}
