// Text output of `recommend-eval`: the metrics tables and a readable form of a tuned hybrid configuration.
import type { HybridConfig } from './hybrid.js';
import type { EvalResult } from './offline-eval.js';

export interface ModelRow {
  model: string;
  result: EvalResult;
}

/** A fixed-width table: model, NDCG@10, HR@10, Recall@10, coverage, customers. */
export function formatTable(rows: readonly ModelRow[]): string[] {
  const width = Math.max(10, ...rows.map((r) => r.model.length));
  const header = `${'model'.padEnd(width)}  NDCG@10  HR@10  Recall@10  coverage  customers`;
  return [
    header,
    '-'.repeat(header.length),
    ...rows.map(({ model, result: r }) =>
      [
        model.padEnd(width),
        r.ndcg.toFixed(3).padStart(7),
        r.hr.toFixed(3).padStart(5),
        r.recall.toFixed(3).padStart(9),
        r.coverage.toFixed(3).padStart(8),
        String(r.users).padStart(9),
      ].join('  '),
    ),
  ];
}

/** JSON-safe description of a configuration (Infinity has no JSON form). */
export function describeConfig(config: HybridConfig): {
  weights: HybridConfig['weights'];
  halfLifeDays: number | 'none';
  knnNeighbours: number | 'all';
  popularityWindowDays: number;
} {
  return {
    weights: config.weights,
    halfLifeDays: Number.isFinite(config.halfLifeDays) ? config.halfLifeDays : 'none',
    knnNeighbours: Number.isFinite(config.knnNeighbours) ? config.knnNeighbours : 'all',
    popularityWindowDays: config.popularityWindowDays,
  };
}

export function configLine(config: HybridConfig): string {
  const d = describeConfig(config);
  const weights = Object.entries(d.weights)
    .filter(([, w]) => w > 0)
    .map(([name, w]) => `${name} ${w}`)
    .join(', ');
  return `weights {${weights}}, half-life ${d.halfLifeDays} days, kNN neighbours ${d.knnNeighbours}, popularity window ${d.popularityWindowDays} days`;
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
