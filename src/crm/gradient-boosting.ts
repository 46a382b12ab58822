// Gradient-boosted trees for a binary label (log-loss): histogram splits, shrinkage, depth and leaf-size limits, row
// subsampling with a fixed seed, so the same data always gives the same model.
import { z } from 'zod';
import { mulberry32 } from '../nlu/lexical/seeded-random.js';
import { binFeatures, fitTree, predictTree, treeContributions, treeSchema, type Tree } from './decision-tree.js';

export interface BoostingOptions {
  trees: number;
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  /** Share of rows drawn (without replacement) for each tree. */
  subsample: number;
  maxBins: number;
  seed: number;
}

/** Chosen before looking at any test fold: small, shallow, slow-learning trees are the usual choice for ~7k rows. */
export const DEFAULT_BOOSTING: BoostingOptions = { trees: 300, learningRate: 0.03, maxDepth: 3, minLeaf: 30, lambda: 1, subsample: 0.8, maxBins: 32, seed: 42 };

export const boostedTreesSchema = z.object({
  base: z.number(),
  trees: z.array(treeSchema),
  options: z.object({ trees: z.number(), learningRate: z.number(), maxDepth: z.number(), minLeaf: z.number(), lambda: z.number(), subsample: z.number(), maxBins: z.number(), seed: z.number() }),
});
export type BoostedTreesFile = z.infer<typeof boostedTreesSchema>;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function logLoss(p: number[], y: number[]): number {
  const eps = 1e-12;
  return -p.reduce((s, pi, i) => s + ((y[i] ?? 0) === 1 ? Math.log(Math.max(pi, eps)) : Math.log(Math.max(1 - pi, eps))), 0) / p.length;
}

export class BoostedTrees {
  constructor(readonly file: BoostedTreesFile) {}

  /** Fits on raw feature rows; `lossHistory` gets the training log-loss after each tree when given. */
  static train(X: number[][], y: number[], options: Partial<BoostingOptions> = {}, lossHistory?: number[]): BoostedTrees {
    const o = { ...DEFAULT_BOOSTING, ...options };
    const n = X.length;
    const positives = y.reduce((a, b) => a + b, 0);
    const base = Math.log((positives + 1) / (n - positives + 1));
    const data = binFeatures(X, o.maxBins);
    const margin = new Float64Array(n).fill(base);
    const grad = new Float64Array(n);
    const hess = new Float64Array(n);
    const random = mulberry32(o.seed);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const trees: Tree[] = [];
    for (let t = 0; t < o.trees; t++) {
      for (let i = 0; i < n; i++) {
        const p = sigmoid(margin[i] ?? 0);
        grad[i] = p - (y[i] ?? 0);
        hess[i] = Math.max(p * (1 - p), 1e-6);
      }
      const rows = o.subsample < 1 ? all.filter(() => random() < o.subsample) : all;
      const tree = fitTree(data, grad, hess, rows, { maxDepth: o.maxDepth, minLeaf: o.minLeaf, lambda: o.lambda, shrinkage: o.learningRate });
      trees.push(tree);
      for (let i = 0; i < n; i++) margin[i] = (margin[i] ?? 0) + predictTree(tree, X[i] ?? []);
      lossHistory?.push(logLoss([...margin].map(sigmoid), y));
    }
    return new BoostedTrees({ base, trees, options: o });
  }

  static fromJSON(json: unknown): BoostedTrees {
    return new BoostedTrees(boostedTreesSchema.parse(json));
  }

  /** Log-odds of the positive class. */
  margin(x: number[]): number {
    return this.file.trees.reduce((z, t) => z + predictTree(t, x), this.file.base);
  }

  probability(x: number[]): number {
    return sigmoid(this.margin(x));
  }

  /** Per-feature Saabas contributions to the log-odds, and the bias they add to (base + every root value). */
  contributions(x: number[], width: number): { bias: number; byFeature: Float64Array } {
    const byFeature = new Float64Array(width);
    const bias = this.file.trees.reduce((b, t) => b + treeContributions(t, x, byFeature), this.file.base);
    return { bias, byFeature };
  }
}
