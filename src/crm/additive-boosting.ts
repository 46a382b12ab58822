// An Explainable Boosting Machine (GA2M, as in InterpretML): cyclic gradient boosting where every step fits a tiny
// tree on ONE feature (or one pair), with a small learning rate and many rounds, early-stopped on a validation split.
// The result is a table of scores per feature bin (and per pair cell), so a prediction is the intercept plus one
// looked-up number per term: every customer's per-feature contributions are exact, not approximations.
import { z } from 'zod';
import { mulberry32, shuffleInPlace } from '../nlu/lexical/seeded-random.js';
import { additiveFeatureSchema, binCount, binOf, describeFeature, type AdditiveFeature, type AdditiveValue } from './additive-bins.js';
import { fastGain, mainStep, pairStep, type TermStep } from './additive-steps.js';

export interface AdditiveOptions {
  learningRate: number;
  /** Most rounds per stage (mains, then pairs); one round steps every term once. */
  maxRounds: number;
  /** Stop when the validation log-loss has not improved by `tolerance` for this many rounds; the best round is kept. */
  earlyStoppingRounds: number;
  tolerance: number;
  /** Share of the training rows (stratified) held out for early stopping. */
  validationShare: number;
  maxLeaves: number;
  /** Fewest rows in a leaf, as a share of the rows boosted on. */
  minLeafShare: number;
  maxBins: number;
  /** Bins per numeric feature inside a pair. */
  pairBins: number;
  /** How many pairs FAST adds after the main effects (0 = a plain GAM). */
  pairs: number;
  seed: number;
}

/** InterpretML's defaults (README, "Churn risk", fourth round), fixed before any evaluation; one bag, for CPU. */
export const DEFAULT_ADDITIVE: AdditiveOptions = { learningRate: 0.01, maxRounds: 5000, earlyStoppingRounds: 50, tolerance: 1e-4, validationShare: 0.15, maxLeaves: 3, minLeafShare: 0.02, maxBins: 256, pairBins: 32, pairs: 10, seed: 42 };

export const additiveModelSchema = z.object({
  intercept: z.number(),
  features: z.array(additiveFeatureSchema),
  /** Score per bin of each feature (bin 0: missing or unseen). */
  mains: z.array(z.array(z.number())),
  /** Row-major scores over the pair bins of features a and b. */
  pairs: z.array(z.object({ a: z.number().int().min(0), b: z.number().int().min(0), scores: z.array(z.number()) })),
  rounds: z.object({ mains: z.number(), pairs: z.number() }),
  options: z.object({ learningRate: z.number(), maxRounds: z.number(), earlyStoppingRounds: z.number(), tolerance: z.number(), validationShare: z.number(), maxLeaves: z.number(), minLeafShare: z.number(), maxBins: z.number(), pairBins: z.number(), pairs: z.number(), seed: z.number() }),
});
export type AdditiveModelFile = z.infer<typeof additiveModelSchema>;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

interface Term {
  /** Cell of every training row (fit rows first, then validation rows). */
  cells: Uint16Array;
  table: Float64Array;
  step: TermStep;
}

/** Stratified split of row indices into fit and validation parts. */
function splitRows(y: number[], share: number, seed: number): { fit: number[]; val: number[] } {
  const random = mulberry32(seed);
  const fit: number[] = [];
  const val: number[] = [];
  for (const cls of [1, 0]) {
    const idx = y.flatMap((v, i) => (v === cls ? [i] : []));
    shuffleInPlace(idx, random);
    const k = Math.round(idx.length * share);
    val.push(...idx.slice(0, k));
    fit.push(...idx.slice(k));
  }
  return { fit: fit.sort((a, b) => a - b), val: val.sort((a, b) => a - b) };
}

/** Cyclic boosting of `terms` on top of `margin` (updated in place); returns the number of rounds kept. */
function boost(terms: Term[], margin: Float64Array, y: number[], nFit: number, o: AdditiveOptions): number {
  const n = margin.length;
  const valLoss = () => {
    let s = 0;
    for (let i = nFit; i < n; i++) s += Math.log1p(Math.exp((y[i] === 1 ? -1 : 1) * (margin[i] ?? 0)));
    return n > nFit ? s / (n - nFit) : 0;
  };
  let best = valLoss();
  let reference = best;
  let [bestRound, lastGain] = [0, 0];
  let snapshot = terms.map((t) => t.table.slice());
  for (let round = 1; round <= o.maxRounds; round++) {
    for (const term of terms) {
      const size = term.table.length;
      const [G, H, C] = [new Float64Array(size), new Float64Array(size), new Int32Array(size)];
      for (let i = 0; i < nFit; i++) {
        const p = sigmoid(margin[i] ?? 0);
        const c = term.cells[i] ?? 0;
        G[c] = (G[c] ?? 0) + p - (y[i] ?? 0);
        H[c] = (H[c] ?? 0) + p * (1 - p);
        C[c] = (C[c] ?? 0) + 1;
      }
      const delta = term.step(G, H, C);
      if (!delta) continue;
      for (let c = 0; c < size; c++) term.table[c] = (term.table[c] ?? 0) + (delta[c] ?? 0);
      for (let i = 0; i < n; i++) margin[i] = (margin[i] ?? 0) + (delta[term.cells[i] ?? 0] ?? 0);
    }
    if (n === nFit) [bestRound, snapshot] = [round, terms.map((t) => t.table.slice())];
    if (n === nFit) continue;
    const loss = valLoss();
    if (loss < best) [best, bestRound, snapshot] = [loss, round, terms.map((t) => t.table.slice())];
    if (loss < reference - o.tolerance) [reference, lastGain] = [loss, round];
    else if (round - lastGain >= o.earlyStoppingRounds) break;
  }
  terms.forEach((term, k) => {
    const kept = snapshot[k] as Float64Array;
    for (let i = 0; i < n; i++) margin[i] = (margin[i] ?? 0) + (kept[term.cells[i] ?? 0] ?? 0) - (term.table[term.cells[i] ?? 0] ?? 0);
    term.table.set(kept);
  });
  return bestRound;
}

export class AdditiveBooster {
  constructor(readonly file: AdditiveModelFile) {}

  /** Fits on rows of raw values (numbers, category names, null for missing) named by `names`. */
  static train(X: AdditiveValue[][], y: number[], names: string[], options: Partial<AdditiveOptions> = {}): AdditiveBooster {
    const o = { ...DEFAULT_ADDITIVE, ...options };
    const features = names.map((name, j) => describeFeature(name, X.map((r) => r[j]), o.maxBins, o.pairBins));
    const { fit, val } = splitRows(y, o.validationShare, o.seed);
    const order = [...fit, ...val];
    const yo = order.map((i) => y[i] ?? 0);
    const positives = fit.reduce((s, i) => s + (y[i] ?? 0), 0);
    const intercept = Math.log((positives + 1) / (fit.length - positives + 1));
    const margin = new Float64Array(order.length).fill(intercept);
    const minLeaf = Math.max(1, Math.ceil(o.minLeafShare * fit.length));
    const binsOf = (j: number, forPairs: boolean) => Uint16Array.from(order, (i) => binOf(features[j] as AdditiveFeature, X[i]?.[j], forPairs));
    const mains: Term[] = features.map((f, j) => ({ cells: binsOf(j, false), table: new Float64Array(binCount(f)), step: mainStep(f, { rate: o.learningRate, minLeaf, maxLeaves: o.maxLeaves }) }));
    const mainRounds = boost(mains, margin, yo, fit.length, o);
    const pairs = AdditiveBooster.choosePairs(features, binsOf, margin, yo, fit.length, minLeaf, o.pairs).map(([a, b]) => {
      const [ca, cb] = [binsOf(a, true), binsOf(b, true)];
      const [nA, nB] = [binCount(features[a] as AdditiveFeature, true), binCount(features[b] as AdditiveFeature, true)];
      return { a, b, term: { cells: Uint16Array.from(ca, (v, i) => v * nB + (cb[i] ?? 0)), table: new Float64Array(nA * nB), step: pairStep(nA, nB, { rate: o.learningRate, minLeaf }) } };
    });
    const pairRounds = pairs.length > 0 ? boost(pairs.map((p) => p.term), margin, yo, fit.length, o) : 0;
    // Each term is centred on the training rows so a contribution reads "against the average customer"; a cell no
    // step ever reached (an unseen category, a missing value training never had) stays at 0.
    let centre = intercept;
    for (const term of [...mains, ...pairs.map((p) => p.term)]) {
      const seen = new Uint8Array(term.table.length);
      const mean = term.cells.reduce((s, c) => ((seen[c] = 1), s + (term.table[c] ?? 0)), 0) / term.cells.length;
      for (let c = 0; c < term.table.length; c++) if (seen[c] || term.table[c] !== 0) term.table[c] = (term.table[c] ?? 0) - mean;
      centre += mean;
    }
    return new AdditiveBooster({
      intercept: centre,
      features,
      mains: mains.map((t) => [...t.table]),
      pairs: pairs.map((p) => ({ a: p.a, b: p.b, scores: [...p.term.table] })),
      rounds: { mains: mainRounds, pairs: pairRounds },
      options: o,
    });
  }

  /** The `count` pairs with the largest FAST gain on the residuals of the main effects (fit rows only). */
  private static choosePairs(features: AdditiveFeature[], binsOf: (j: number, forPairs: boolean) => Uint16Array, margin: Float64Array, y: number[], nFit: number, minLeaf: number, count: number): [number, number][] {
    if (count <= 0) return [];
    const bins = features.map((_, j) => binsOf(j, true));
    const candidates: { a: number; b: number; gain: number }[] = [];
    for (let a = 0; a < features.length; a++) {
      for (let b = a + 1; b < features.length; b++) {
        const [nA, nB] = [binCount(features[a] as AdditiveFeature, true), binCount(features[b] as AdditiveFeature, true)];
        const [G, H, C] = [new Float64Array(nA * nB), new Float64Array(nA * nB), new Int32Array(nA * nB)];
        for (let i = 0; i < nFit; i++) {
          const p = sigmoid(margin[i] ?? 0);
          const c = (bins[a]?.[i] ?? 0) * nB + (bins[b]?.[i] ?? 0);
          [G[c], H[c], C[c]] = [(G[c] ?? 0) + p - (y[i] ?? 0), (H[c] ?? 0) + p * (1 - p), (C[c] ?? 0) + 1];
        }
        candidates.push({ a, b, gain: fastGain(G, H, C, nA, nB, minLeaf) });
      }
    }
    return candidates.sort((x, z) => z.gain - x.gain || x.a - z.a || x.b - z.b).slice(0, count).filter((c) => c.gain > 0).map((c) => [c.a, c.b]);
  }

  static fromJSON(json: unknown): AdditiveBooster {
    return new AdditiveBooster(additiveModelSchema.parse(json));
  }

  /** The intercept and every term's score for one row; their sum is the log-odds. */
  terms(x: AdditiveValue[]): { intercept: number; mains: number[]; pairs: number[] } {
    const { features, mains, pairs, intercept } = this.file;
    return {
      intercept,
      mains: features.map((f, j) => mains[j]?.[binOf(f, x[j])] ?? 0),
      pairs: pairs.map((p) => {
        const [fa, fb] = [features[p.a] as AdditiveFeature, features[p.b] as AdditiveFeature];
        return p.scores[binOf(fa, x[p.a], true) * binCount(fb, true) + binOf(fb, x[p.b], true)] ?? 0;
      }),
    };
  }

  /** Log-odds of the positive class. */
  margin(x: AdditiveValue[]): number {
    const t = this.terms(x);
    return t.mains.reduce((s, v) => s + v, t.intercept) + t.pairs.reduce((s, v) => s + v, 0);
  }

  probability(x: AdditiveValue[]): number {
    return sigmoid(this.margin(x));
  }

  /** Exact per-feature contributions (a pair's score split half and half): intercept + Σ = margin. */
  contributions(x: AdditiveValue[]): Float64Array {
    const t = this.terms(x);
    const out = Float64Array.from(t.mains);
    this.file.pairs.forEach((p, k) => {
      out[p.a] = (out[p.a] ?? 0) + (t.pairs[k] ?? 0) / 2;
      out[p.b] = (out[p.b] ?? 0) + (t.pairs[k] ?? 0) / 2;
    });
    return out;
  }
}
