// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): a closed-form item-item linear model.
// With G = XᵀX + λI over the binary user × item matrix X and P = G⁻¹, the weights are B = I − P·diag(1/diag(P))
// (zero diagonal), and a customer's scores are x·B. λ = 200 follows the published reference run on this data.
// Items bought by fewer than minBuyers customers are left out of the model (they get no score), which bounds the
// O(n³) inversion; the weights are kept as a dense Float32Array (n² × 4 bytes).
import { cooccurrence } from './item-similarity.js';
import type { Interactions } from './interactions.js';
import { invertSpd } from './spd-inverse.js';
import { BaseRecommender, type UserHistory } from './types.js';

export interface EaseOptions {
  lambda?: number;
  minBuyers?: number;
}

export class EaseRecommender extends BaseRecommender {
  readonly name = 'ease';
  readonly lambda: number;
  private readonly minBuyers: number;
  /** Model slot of each catalogue item (-1 = not modelled) and the catalogue item of each slot. */
  private slotOf = new Int32Array(0);
  private itemOfSlot = new Int32Array(0);
  private weights = new Float32Array(0);

  constructor(options: EaseOptions = {}) {
    super();
    this.lambda = options.lambda ?? 200;
    this.minBuyers = options.minBuyers ?? 1;
  }

  protected train(data: Interactions): void {
    const nItems = data.items.length;
    const slotOf = new Int32Array(nItems).fill(-1);
    const itemOfSlot: number[] = [];
    for (let i = 0; i < nItems; i++) {
      if (data.itemUsers.indptr[i + 1]! - data.itemUsers.indptr[i]! >= this.minBuyers) {
        slotOf[i] = itemOfSlot.length;
        itemOfSlot.push(i);
      }
    }
    const n = itemOfSlot.length;
    const m = data.userItems;
    const sets: Int32Array[] = [];
    for (let u = 0; u < m.rows; u++) {
      const slots: number[] = [];
      for (let p = m.indptr[u]!; p < m.indptr[u + 1]!; p++) {
        const s = slotOf[m.indices[p]!]!;
        if (s >= 0) slots.push(s);
      }
      sets.push(Int32Array.from(slots));
    }
    const gram32 = cooccurrence(sets, n);
    const g = Float64Array.from(gram32);
    for (let i = 0; i < n; i++) g[i * n + i]! += this.lambda;
    const p = invertSpd(g, n);
    const w = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        // B[i][j] = −P[i][j] / P[j][j], zero diagonal.
        w[i * n + j] = i === j ? 0 : -p[i * n + j]! / p[j * n + j]!;
      }
    }
    this.slotOf = slotOf;
    this.itemOfSlot = Int32Array.from(itemOfSlot);
    this.weights = w;
  }

  scoreInto(history: UserHistory, out: Float64Array): void {
    out.fill(0);
    const n = this.itemOfSlot.length;
    const w = this.weights;
    for (const item of history.items) {
      const s = this.slotOf[item]!;
      if (s < 0) continue;
      const row = s * n;
      for (let t = 0; t < n; t++) out[this.itemOfSlot[t]!]! += w[row + t]!;
    }
  }

  explain(history: UserHistory, item: number): string {
    const target = this.slotOf[item]!;
    const n = this.itemOfSlot.length;
    let best = -1;
    let bestWeight = 0;
    for (const j of history.items) {
      const s = this.slotOf[j]!;
      if (s < 0 || target < 0) continue;
      const v = this.weights[s * n + target]!;
      if (v > bestWeight) {
        bestWeight = v;
        best = j;
      }
    }
    return best >= 0 ? `because you bought ${this.fitted.itemName[best]}` : 'bought by customers like you';
  }
}
