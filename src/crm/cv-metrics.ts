// Cross-validation helpers shared by the churn models: ROC-AUC and seeded stratified folds.

const SEED = 42;

/** ROC-AUC by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function rocAuc(scores: number[], labels: boolean[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i] ?? false })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.s === order[i]?.s) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (order[k]?.y) { rankSum += rank; positives++; }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Deterministic stratified fold assignment (seeded shuffle within each class). */
export function stratifiedFolds(labels: boolean[], k: number, seed = SEED): number[] {
  let state = seed >>> 0;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const folds = new Array<number>(labels.length).fill(0);
  for (const cls of [true, false]) {
    const idx = labels.flatMap((y, i) => (y === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [idx[i], idx[j]] = [idx[j] ?? 0, idx[i] ?? 0];
    }
    idx.forEach((row, n) => (folds[row] = n % k));
  }
  return folds;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Brier score and log-loss of out-of-fold probabilities. */
export function probabilityScores(outOfFold: number[], labels: boolean[]) {
  const eps = 1e-12;
  const y = labels.map((l) => (l ? 1 : 0));
  return {
    brier: mean(outOfFold.map((p, i) => (p - (y[i] ?? 0)) ** 2)),
    logLoss: -mean(outOfFold.map((p, i) => ((y[i] ?? 0) === 1 ? Math.log(Math.max(p, eps)) : Math.log(Math.max(1 - p, eps))))),
  };
}
