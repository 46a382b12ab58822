// Old versus new on the same held-out tests: the rule that decides whether a retrained model may replace the
// live one, and the lines `npm run train` prints about it.
import type { HeldOutFigures } from './live-model-file.js';

export interface ModelFigures {
  version: number;
  accuracy: number;
  macroF1: number;
}

export interface ReplaceDecision {
  replaced: boolean;
  reason: string;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

/** Replace unless held-out accuracy drops (equal is fine: retraining on the same data gives the same model). */
export function decideReplacement(previous: ModelFigures | null, candidate: ModelFigures, force = false): ReplaceDecision {
  if (!previous) return { replaced: true, reason: 'no previous model' };
  if (candidate.accuracy < previous.accuracy) {
    const drop = `held-out accuracy would drop from ${pct(previous.accuracy)} to ${pct(candidate.accuracy)}`;
    return force ? { replaced: true, reason: `${drop}; replaced anyway (--force)` } : { replaced: false, reason: `${drop}; the live model is kept` };
  }
  return { replaced: true, reason: `held-out accuracy ${pct(previous.accuracy)} → ${pct(candidate.accuracy)}, macro-F1 ${pct(previous.macroF1)} → ${pct(candidate.macroF1)}` };
}

/** A side-by-side table of the figures that matter, one line per entry. */
export function formatComparison(previous: HeldOutFigures | null, candidate: HeldOutFigures): string[] {
  const rows: [string, (f: HeldOutFigures) => string][] = [
    ['accuracy (top-1, held-out tests)', (f) => pct(f.accuracy)],
    ['macro-F1', (f) => pct(f.macroF1)],
    ['in-scope accuracy at the threshold', (f) => pct(f.inScopeAccuracy)],
    ['out-of-scope probes rejected', (f) => `${pct(f.oosRecall)} of ${f.oosProbes}`],
    ['ECE (top-1)', (f) => f.ece.toFixed(4)],
  ];
  return [
    `${'held-out figure'.padEnd(36)}${'live model'.padStart(16)}${'new model'.padStart(16)}`,
    ...rows.map(([name, get]) => `${name.padEnd(36)}${(previous ? get(previous) : '—').padStart(16)}${get(candidate).padStart(16)}`),
  ];
}
