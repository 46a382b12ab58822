// Item-item collaborative filtering: cosine similarity between items' binary buyer vectors, each item keeping its
// top-N neighbours; a customer's score for item i is the sum of sim(j, i) over the items j they bought. With every
// neighbour kept (neighbours = Infinity, the reference baseline) the similarities stay a dense Float32Array, which is
// smaller and faster than a full sparse matrix.
// Reason: "because you bought X", X being the customer's item that contributed most.
import type { Interactions } from './interactions.js';
import { cooccurrence, cosineInPlace, topNeighbours } from './item-similarity.js';
import { cell, type Csr } from './sparse.js';
import { BaseRecommender, type UserHistory } from './types.js';

export interface ItemKnnOptions {
  /** Neighbours kept per item (default 100). */
  neighbours?: number;
  /**
   * Weight of an item's similarity to itself (default 0, the textbook model: a bought item scores only through its
   * neighbours). 1 adds the customer's own items with similarity 1, a crude repeat-purchase signal.
   */
  selfWeight?: number;
}

export class ItemKnnRecommender extends BaseRecommender {
  readonly name = 'item-knn';
  private neighbours: Csr | null = null;
  private dense: Float32Array | null = null;
  private n = 0;
  private readonly keep: number;
  private readonly selfWeight: number;

  constructor(options: ItemKnnOptions = {}) {
    super();
    this.keep = options.neighbours ?? 100;
    this.selfWeight = options.selfWeight ?? 0;
  }

  protected train(data: Interactions): void {
    const n = data.items.length;
    const m = data.userItems;
    const userSets = Array.from({ length: m.rows }, (_, u) => m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!));
    const sims = cooccurrence(userSets, n);
    cosineInPlace(sims, n);
    this.n = n;
    if (this.keep >= n) {
      for (let i = 0; i < n; i++) sims[i * n + i] = 0;
      this.dense = sims;
      this.neighbours = null;
    } else {
      this.neighbours = topNeighbours(sims, n, this.keep);
      this.dense = null;
    }
  }

  /** Similarity of item b as a neighbour of item a (0 when not kept). */
  similarity(a: number, b: number): number {
    if (this.dense) return this.dense[a * this.n + b]!;
    return cell(this.graph, a, b);
  }

  /** Item i's neighbours as [item index, similarity] pairs, most similar first. */
  neighboursOf(item: number): Array<[number, number]> {
    const pairs: Array<[number, number]> = [];
    if (this.dense) {
      for (let j = 0; j < this.n; j++) if (this.dense[item * this.n + j]! > 0) pairs.push([j, this.dense[item * this.n + j]!]);
      return pairs.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    }
    const nb = this.graph;
    for (let p = nb.indptr[item]!; p < nb.indptr[item + 1]!; p++) pairs.push([nb.indices[p]!, nb.values[p]!]);
    return pairs.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private get graph(): Csr {
    if (!this.neighbours) throw new Error('item-knn: fit() must be called before use');
    return this.neighbours;
  }

  scoreInto(history: UserHistory, out: Float64Array): void {
    out.fill(0);
    if (this.dense) {
      const { dense, n } = this;
      for (const j of history.items) {
        const row = j * n;
        for (let i = 0; i < n; i++) out[i]! += dense[row + i]!;
        if (this.selfWeight > 0) out[j]! += this.selfWeight;
      }
      return;
    }
    const nb = this.graph;
    for (const j of history.items) {
      for (let p = nb.indptr[j]!; p < nb.indptr[j + 1]!; p++) out[nb.indices[p]!]! += nb.values[p]!;
      if (this.selfWeight > 0) out[j]! += this.selfWeight;
    }
  }

  /** The history item most similar to item, with that similarity (-1 when none is a neighbour). */
  strongestLink(history: UserHistory, item: number): { item: number; similarity: number } {
    let best = -1;
    let bestSim = 0;
    for (const j of history.items) {
      const s = this.similarity(j, item);
      if (s > bestSim) {
        bestSim = s;
        best = j;
      }
    }
    return { item: best, similarity: bestSim };
  }

  explain(history: UserHistory, item: number): string {
    const link = this.strongestLink(history, item);
    if (link.item < 0) return this.selfWeight > 0 ? 'you bought this before' : 'bought by customers like you';
    return `because you bought ${this.fitted.itemName[link.item]}`;
  }
}
