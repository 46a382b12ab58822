// Old versus new: the rule that decides whether a retrained model may replace the live one, and the lines
// `npm run train` prints about it. The yardstick is accuracy on the evaluation rows — the held-out tests of
// intents/ plus the labels staff added since the live model was trained (the new model cross-validated on them, see
// label-cross-validation.ts) — so a retrain that teaches a new topic is judged on that topic too. On its own, a drop
// of a test or two is what any change to the training rows does to an SGD fit; a held-out loss of more than one
// point, or one a paired McNemar test calls significant, refuses the model even when the new labels gain more.
import type { HeldOutFigures } from './live-model-file.js';
import type { NewLabelFigures } from './label-cross-validation.js';

export interface ModelFigures {
  version: number;
  accuracy: number;
  macroF1: number;
}

/** Held-out tests the live model got right and the new one wrong (`worse`), the other way round (`better`). */
export interface PairedTests {
  tests: number;
  worse: number;
  better: number;
  /** One-sided exact McNemar p-value of "the new model is worse". */
  pValue: number;
}

export interface ModelComparison {
  previous: ModelFigures | null;
  candidate: ModelFigures;
  paired: PairedTests | null;
  newLabels: NewLabelFigures | null;
  /** Accuracy on held-out tests + new labels, the figure the gate compares. */
  evaluation: { rows: number; previous: number | null; candidate: number };
}

export interface ReplaceDecision {
  replaced: boolean;
  reason: string;
}

/** A held-out loss at least this unlikely under "no difference" refuses the model. */
export const SIGNIFICANCE = 0.05;
/**
 * The most held-out accuracy new labels may cost, however much they gain: labels are staff's judgement, the tests
 * the team's, and a few consistent wrong labels would otherwise outvote a small test set that McNemar cannot
 * call significant. One point is ~3.6 of the 360 tests in intents/, above the 1–2 a changed SGD fit moves.
 */
export const MAX_HELD_OUT_DROP = 0.01;

/** P(X ≥ worse) for X ~ Binomial(worse + better, 1/2): exact, as the discordant counts here are small. */
export function mcnemarOneSided(worse: number, better: number): number {
  const n = worse + better;
  if (n === 0 || worse <= better) return 1;
  // log C(n, k) / 2^n, stepped from k = 0; in logs so that thousands of discordant tests do not underflow.
  let logTerm = -n * Math.LN2;
  let tail = 0;
  for (let k = 0; k <= n; k++) {
    if (k >= worse) tail += Math.exp(logTerm);
    logTerm += Math.log(n - k) - Math.log(k + 1);
  }
  return Math.min(1, tail);
}

export function pairedTests(previousRight: readonly boolean[], candidateRight: readonly boolean[]): PairedTests {
  let worse = 0;
  let better = 0;
  previousRight.forEach((right, i) => {
    if (right && !candidateRight[i]) worse++;
    if (!right && candidateRight[i]) better++;
  });
  return { tests: previousRight.length, worse, better, pValue: mcnemarOneSided(worse, better) };
}

/** Evaluation rows (held-out tests + new labels) and both models' accuracy on them, from counts of right answers. */
export function evaluationAccuracy(tests: number, previousTestsRight: number | null, candidateTestsRight: number, labels: NewLabelFigures | null): ModelComparison['evaluation'] {
  const rows = tests + (labels?.labels ?? 0);
  const of = (right: number) => right / Math.max(1, rows);
  return {
    rows,
    previous: previousTestsRight === null ? null : of(previousTestsRight + (labels?.previousRight ?? 0)),
    candidate: of(candidateTestsRight + (labels?.candidateRight ?? 0)),
  };
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

function gainsText(c: ModelComparison): string {
  const parts = [`accuracy ${pct(c.evaluation.previous)} → ${pct(c.evaluation.candidate)} on ${c.evaluation.rows} evaluation rows`];
  if (c.previous) parts.push(`held-out tests ${pct(c.previous.accuracy)} → ${pct(c.candidate.accuracy)}`);
  if (c.newLabels) parts.push(`new labels ${c.newLabels.previousRight} → ${c.newLabels.candidateRight} of ${c.newLabels.labels} right (cross-validated)`);
  return parts.join('; ');
}

/** Replace unless accuracy on the evaluation rows drops, or the held-out tests lose more than a point or significantly. */
export function decideReplacement(c: ModelComparison, force = false): ReplaceDecision {
  if (!c.previous || c.evaluation.previous === null) return { replaced: true, reason: 'no previous model' };
  const problems: string[] = [];
  if (c.evaluation.candidate < c.evaluation.previous) problems.push(`accuracy would drop from ${pct(c.evaluation.previous)} to ${pct(c.evaluation.candidate)} on ${c.evaluation.rows} evaluation rows (held-out tests${c.newLabels ? ' + new labels' : ''})`);
  const drop = c.paired ? (c.paired.worse - c.paired.better) / Math.max(1, c.paired.tests) : 0;
  if (drop > MAX_HELD_OUT_DROP) problems.push(`held-out test accuracy would fall by ${pct(drop)} (more than the ${pct(MAX_HELD_OUT_DROP)} new labels may cost)`);
  if (c.paired && c.paired.pValue < SIGNIFICANCE) {
    problems.push(`the held-out tests got significantly worse: ${c.paired.worse} right before and wrong now, ${c.paired.better} the other way (McNemar p = ${c.paired.pValue.toFixed(4)})`);
  }
  if (problems.length === 0) return { replaced: true, reason: gainsText(c) };
  const why = problems.join('; ');
  return force ? { replaced: true, reason: `${why}; replaced anyway (--force)` } : { replaced: false, reason: `${why}; the live model is kept` };
}

/** A side-by-side table of the figures that matter, one line per entry. */
export function formatComparison(previous: HeldOutFigures | null, candidate: HeldOutFigures, c?: ModelComparison): string[] {
  const rows: [string, (f: HeldOutFigures) => string][] = [
    ['accuracy (top-1, held-out tests)', (f) => pct(f.accuracy)],
    ['macro-F1', (f) => pct(f.macroF1)],
    ['in-scope accuracy at the threshold', (f) => pct(f.inScopeAccuracy)],
    ['out-of-scope probes rejected', (f) => `${pct(f.oosRecall)} of ${f.oosProbes}`],
    ['ECE (top-1)', (f) => f.ece.toFixed(4)],
  ];
  const line = (name: string, old: string, now: string) => `${name.padEnd(36)}${old.padStart(16)}${now.padStart(16)}`;
  const lines = [line('held-out figure', 'live model', 'new model'), ...rows.map(([name, get]) => line(name, previous ? get(previous) : '—', get(candidate)))];
  if (c?.newLabels) {
    const l = c.newLabels;
    lines.push(line(`new labels right (${l.folds}-fold CV)`, `${l.previousRight} of ${l.labels}`, `${l.candidateRight} of ${l.labels}`));
  }
  if (c) lines.push(line(`accuracy, ${c.evaluation.rows} evaluation rows`, pct(c.evaluation.previous), pct(c.evaluation.candidate)));
  if (c?.paired) lines.push(`held-out tests right before and wrong now: ${c.paired.worse}; the other way: ${c.paired.better} (McNemar one-sided p = ${c.paired.pValue.toFixed(4)})`);
  return lines;
}
