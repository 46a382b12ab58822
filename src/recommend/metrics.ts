// Top-k ranking metrics with binary relevance, as used by the offline evaluation:
//  HR@k     1 if any of the first k items is relevant, else 0;
//  NDCG@k   sum over relevant positions r (0-based) of 1/log2(r + 2), divided by the same sum for an ideal ranking
//           (min(|relevant|, k) hits at the top);
//  Recall@k relevant items in the first k / |relevant| (not capped at k: a 30-item basket cannot be fully recalled);
//  coverage distinct items recommended to anyone / catalogue size.

export function hitRate(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r]!)) return 1;
  return 0;
}

export function ndcg(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  const n = Math.min(k, ranked.length);
  let dcg = 0;
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r]!)) dcg += 1 / Math.log2(r + 2);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, relevant.size); r++) idcg += 1 / Math.log2(r + 2);
  return dcg / idcg;
}

export function recall(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  const n = Math.min(k, ranked.length);
  let hits = 0;
  for (let r = 0; r < n; r++) if (relevant.has(ranked[r]!)) hits++;
  return hits / relevant.size;
}

/** Accumulates per-user metrics and the set of recommended items. */
export class MetricsAccumulator {
  private sums = { ndcg: 0, hr: 0, recall: 0 };
  private users = 0;
  private readonly recommended = new Set<number>();

  constructor(private readonly k: number) {}

  add(ranked: ArrayLike<number>, relevant: ReadonlySet<number>): void {
    this.sums.ndcg += ndcg(ranked, relevant, this.k);
    this.sums.hr += hitRate(ranked, relevant, this.k);
    this.sums.recall += recall(ranked, relevant, this.k);
    this.users++;
    for (let r = 0; r < Math.min(this.k, ranked.length); r++) this.recommended.add(ranked[r]!);
  }

  result(catalogueSize: number): { ndcg: number; hr: number; recall: number; coverage: number; users: number } {
    const u = Math.max(1, this.users);
    return {
      ndcg: this.sums.ndcg / u,
      hr: this.sums.hr / u,
      recall: this.sums.recall / u,
      coverage: catalogueSize > 0 ? this.recommended.size / catalogueSize : 0,
      users: this.users,
    };
  }
}
