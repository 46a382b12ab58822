// Learning how much to trust each member: a log-linear pool p(c) ∝ exp(Σ_m w_m · log p_m(c)) with w_m ≥ 0, fitted
// on held-out rows by minimising the mean negative log-likelihood. The NLL is convex in w (log-sum-exp of a linear
// function minus a linear one), so projected coordinate Newton steps with backtracking find the optimum; the scale
// Σw is the inverse softmax temperature, so weights and temperature calibration are fitted together. The search
// starts from the best single member (with its own fitted temperature) and only accepts steps that lower the NLL,
// so on the held-out rows the pool is never worse than its best member by that measure.

/** Per member, per held-out row: log-probabilities over the shared class order. */
export type MemberLogProbs = readonly (readonly Float64Array[])[];

/** Combined logits Σ_m w_m · L_m for one row. */
export function combineRow(logProbs: MemberLogProbs, row: number, weights: ArrayLike<number>, out?: Float64Array): Float64Array {
  const k = logProbs[0]![row]!.length;
  const z = out ?? new Float64Array(k);
  z.fill(0);
  for (let m = 0; m < logProbs.length; m++) {
    const w = weights[m]!;
    if (w === 0) continue;
    const l = logProbs[m]![row]!;
    for (let c = 0; c < k; c++) z[c]! += w * l[c]!;
  }
  return z;
}

/** Log-softmax in place; returns the same array. */
export function logSoftmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) max = Math.max(max, z[c]!);
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += Math.exp(z[c]! - max);
  const lse = max + Math.log(sum);
  for (let c = 0; c < z.length; c++) z[c]! -= lse;
  return z;
}

/** Mean NLL of the gold classes under the pool with these (unnormalised) weights. */
export function pooledNll(logProbs: MemberLogProbs, gold: ArrayLike<number>, weights: ArrayLike<number>): number {
  const n = gold.length;
  if (n === 0) return 0;
  let total = 0;
  const z = new Float64Array(logProbs[0]![0]!.length);
  for (let i = 0; i < n; i++) total -= logSoftmaxInPlace(combineRow(logProbs, i, weights, z))[gold[i]!]!;
  return total / n;
}

/** First and second derivative of the mean NLL along weight m: E_p[L_m] − L_m[gold] and Var_p[L_m], averaged. */
function coordinateDerivatives(logProbs: MemberLogProbs, gold: ArrayLike<number>, weights: ArrayLike<number>, m: number): { g: number; h: number } {
  const n = gold.length;
  const z = new Float64Array(logProbs[0]![0]!.length);
  let g = 0;
  let h = 0;
  for (let i = 0; i < n; i++) {
    logSoftmaxInPlace(combineRow(logProbs, i, weights, z));
    const l = logProbs[m]![i]!;
    let mean = 0;
    let second = 0;
    for (let c = 0; c < z.length; c++) {
      const p = Math.exp(z[c]!);
      mean += p * l[c]!;
      second += p * l[c]! * l[c]!;
    }
    g += mean - l[gold[i]!]!;
    h += Math.max(0, second - mean * mean);
  }
  return { g: g / n, h: h / n };
}

export interface PoolFit {
  /** Unnormalised weights w_m ≥ 0 (their sum is 1 / temperature). */
  weights: number[];
  nll: number;
  /** Validation NLL of each member alone at its own best temperature (w_m alone). */
  memberNll: number[];
  /** Each member's weight vector alone (only w_m non-zero: 1 / its temperature). */
  memberWeights: number[][];
  /** The member the search started from (lowest NLL alone). */
  bestMember: number;
  sweeps: number;
}

/** Coordinate descent on the pooled NLL over w ≥ 0, moving only the weights listed in `free`. */
function descend(logProbs: MemberLogProbs, gold: ArrayLike<number>, start: number[], free: number[], maxSweeps: number): { weights: number[]; nll: number; sweeps: number } {
  const w = [...start];
  let nll = pooledNll(logProbs, gold, w);
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    const before = nll;
    for (const m of free) {
      const { g, h } = coordinateDerivatives(logProbs, gold, w, m);
      if (Math.abs(g) < 1e-9) continue;
      // Newton step, projected on w_m ≥ 0, halved until the NLL does not rise.
      let step = h > 1e-12 ? -g / h : -Math.sign(g) * 0.1;
      for (let tries = 0; tries < 30; tries++) {
        const candidate = [...w];
        candidate[m] = Math.max(0, w[m]! + step);
        const value = pooledNll(logProbs, gold, candidate);
        if (value <= nll) {
          w[m] = candidate[m]!;
          nll = value;
          break;
        }
        step /= 2;
      }
    }
    if (before - nll < 1e-7) break;
  }
  return { weights: w, nll, sweeps: sweeps + 1 };
}

/** Fits the pool weights on held-out rows (gold = class index per row). */
export function fitPoolWeights(logProbs: MemberLogProbs, gold: ArrayLike<number>, maxSweeps = 50): PoolFit {
  const members = logProbs.length;
  if (members === 0) throw new RangeError('no members to combine');
  const alone = logProbs.map((_, m) => {
    const start = Array.from({ length: members }, (_, j) => (j === m ? 1 : 0));
    return descend(logProbs, gold, start, [m], maxSweeps);
  });
  let bestMember = 0;
  for (let m = 1; m < members; m++) if (alone[m]!.nll < alone[bestMember]!.nll) bestMember = m;
  const all = Array.from({ length: members }, (_, m) => m);
  const pooled = members === 1 ? alone[0]! : descend(logProbs, gold, alone[bestMember]!.weights, all, maxSweeps);
  return { weights: pooled.weights, nll: pooled.nll, memberNll: alone.map((a) => a.nll), memberWeights: alone.map((a) => a.weights), bestMember, sweeps: pooled.sweeps };
}

/**
 * Drops members that buy almost nothing: repeatedly refits the pool without each non-best member and removes the
 * one whose absence raises the held-out NLL least, while the total rise stays within `tolerance` (nats per row).
 * Every member run costs latency and a refit; the pool keeps its best member, so the guarantee above still holds.
 */
export function prunePool(logProbs: MemberLogProbs, gold: ArrayLike<number>, fit: PoolFit, tolerance: number, maxSweeps = 50): PoolFit {
  let current = fit;
  for (;;) {
    const active = current.weights.flatMap((w, m) => (w > 0 && m !== fit.bestMember ? [m] : []));
    let best: { weights: number[]; nll: number; sweeps: number } | null = null;
    for (const drop of active) {
      const free = current.weights.flatMap((w, m) => (m !== drop && (w > 0 || m === fit.bestMember) ? [m] : []));
      const candidate = descend(logProbs, gold, fit.memberWeights[fit.bestMember]!, free, maxSweeps);
      if (!best || candidate.nll < best.nll) best = candidate;
    }
    if (!best || best.nll - fit.nll > tolerance) return current;
    current = { ...current, weights: best.weights, nll: best.nll, sweeps: best.sweeps };
  }
}
