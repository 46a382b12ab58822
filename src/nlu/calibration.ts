// Turning classifier scores into decisions that mean something: temperature scaling fitted on held-out logits
// (Guo et al. 2017), expected calibration error with its reliability table, and the out-of-scope confidence
// threshold chosen on validation data for a stated objective.

/** Softmax of logits / temperature. */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! / temperature - max);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Mean negative log-likelihood of the gold classes under softmax(logits / temperature). */
export function negativeLogLikelihood(logits: readonly ArrayLike<number>[], gold: ArrayLike<number>, temperature = 1): number {
  if (logits.length !== gold.length) throw new RangeError(`${logits.length} logit rows but ${gold.length} labels`);
  if (logits.length === 0) return 0;
  let total = 0;
  logits.forEach((z, r) => {
    let max = -Infinity;
    for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]! / temperature);
    let sum = 0;
    for (let i = 0; i < z.length; i++) sum += Math.exp(z[i]! / temperature - max);
    total += max + Math.log(sum) - z[gold[r]!]! / temperature;
  });
  return total / logits.length;
}

export interface TemperatureFitOptions {
  /**
   * Standard deviation of a normal prior on ln T (MAP fit: mean NLL + (ln T)² / (2σ²n)). It only matters for small
   * or perfectly separated validation sets, where the unpenalised optimum runs off to T → 0 and every confidence
   * becomes 1; with a thousand rows its pull is negligible. Infinity = plain NLL minimisation.
   */
  logPriorSigma: number;
}

/**
 * The temperature minimising validation NLL (plus the optional prior), by golden-section search over ln T in
 * [ln 0.01, ln 100]. NLL is convex in 1/T, hence unimodal in ln T, so the 1-D search finds the global minimum
 * (to ~1e-4 relative).
 */
export function fitTemperature(logits: readonly ArrayLike<number>[], gold: ArrayLike<number>, options: TemperatureFitOptions = { logPriorSigma: Infinity }): number {
  if (logits.length === 0) return 1;
  const priorWeight = 1 / (2 * options.logPriorSigma ** 2 * logits.length);
  const f = (lnT: number) => negativeLogLikelihood(logits, gold, Math.exp(lnT)) + priorWeight * lnT * lnT;
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.01);
  let b = Math.log(100);
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-4) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

export interface ReliabilityBin {
  /** The bin holds confidences in (lower, upper]; the first bin also holds 0. */
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence and accuracy of the bin; 0 for an empty bin. */
  meanConfidence: number;
  accuracy: number;
}

/** Equal-width confidence bins over [0, 1] with the accuracy of the predictions falling in each. */
export function reliabilityTable(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, bins = 15): ReliabilityBin[] {
  if (confidences.length !== correct.length) throw new RangeError(`${confidences.length} confidences but ${correct.length} outcomes`);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const count = new Float64Array(bins);
  const confSum = new Float64Array(bins);
  const hits = new Float64Array(bins);
  for (let i = 0; i < confidences.length; i++) {
    const p = confidences[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    count[b]! += 1;
    confSum[b]! += p;
    if (correct[i]) hits[b]! += 1;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: count[b]!,
    meanConfidence: count[b]! === 0 ? 0 : confSum[b]! / count[b]!,
    accuracy: count[b]! === 0 ? 0 : hits[b]! / count[b]!,
  }));
}

/** ECE = Σ_bins (n_b / N) · |accuracy_b − meanConfidence_b| over the top-1 confidences; 0 for no predictions. */
export function expectedCalibrationError(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, bins = 15): number {
  const n = confidences.length;
  if (n === 0) return 0;
  return reliabilityTable(confidences, correct, bins).reduce((s, b) => s + (b.count / n) * Math.abs(b.accuracy - b.meanConfidence), 0);
}

/** One validation prediction, as the threshold chooser sees it. */
export interface ThresholdScore {
  /** Calibrated top-1 confidence. */
  confidence: number;
  /** False for an out-of-scope row. */
  inScope: boolean;
  /**
   * In-scope row: the top intent is the gold one. Out-of-scope row: the classifier already rejected it (its top
   * intent is the out-of-scope class), so no threshold is needed to reject it.
   */
  correct: boolean;
}

export const THRESHOLD_OBJECTIVES = {
  balanced: 'maximise mean(in-scope accuracy, out-of-scope recall) on validation',
  keepCorrect: (share: number) =>
    share >= 1
      ? 'no threshold: validation has no out-of-scope rows, so any threshold could only reject in-scope answers (maximises in-scope accuracy)'
      : `highest threshold keeping >= ${+(share * 100).toFixed(2)}% of correct in-scope answers on validation (no out-of-scope rows)`,
} as const;

export interface ThresholdChoice {
  /** Answer when confidence >= threshold; reject to the fallback below it. */
  threshold: number;
  objective: string;
  /** Validation figures at the chosen threshold; oosRecall is null without out-of-scope rows. */
  inScopeAccuracy: number;
  oosRecall: number | null;
}

/**
 * Picks the rejection threshold. With out-of-scope rows: the one maximising the mean of in-scope accuracy (a
 * wrongly rejected in-scope row counts as wrong) and out-of-scope recall, the lowest such on a tie (answer more).
 * Without: the highest one that still answers at least `keepCorrect` of the correct in-scope answers, which
 * rejects mostly wrong answers. Thresholds fall midway between neighbouring validation confidences.
 */
export function chooseThreshold(scores: readonly ThresholdScore[], keepCorrect = 0.98): ThresholdChoice {
  const sorted = [...scores].sort((a, b) => a.confidence - b.confidence);
  const nIn = sorted.filter((s) => s.inScope).length;
  const nOut = sorted.length - nIn;
  const inCorrect = sorted.filter((s) => s.inScope && s.correct).length;
  // Rejecting everything needs a threshold above the top confidence, which may be exactly 1.
  const at = (i: number) => (i === 0 ? 0 : i >= sorted.length ? 1 + Number.EPSILON : (sorted[i - 1]!.confidence + sorted[i]!.confidence) / 2);
  const evaluate = (threshold: number): ThresholdChoice => {
    let keptCorrect = 0;
    let rejectedOut = 0;
    for (const s of sorted) {
      if (s.inScope && s.correct && s.confidence >= threshold) keptCorrect += 1;
      if (!s.inScope && (s.correct || s.confidence < threshold)) rejectedOut += 1;
    }
    return {
      threshold,
      objective: nOut > 0 ? THRESHOLD_OBJECTIVES.balanced : THRESHOLD_OBJECTIVES.keepCorrect(keepCorrect),
      inScopeAccuracy: nIn === 0 ? 0 : keptCorrect / nIn,
      oosRecall: nOut === 0 ? null : rejectedOut / nOut,
    };
  };
  if (nOut === 0) {
    const correctConf = sorted.filter((s) => s.inScope && s.correct).map((s) => s.confidence);
    const dropped = Math.floor((1 - keepCorrect) * inCorrect + 1e-9);
    const lo = correctConf[dropped - 1];
    const hi = correctConf[dropped];
    return evaluate(dropped === 0 || lo === undefined || hi === undefined ? 0 : (lo + hi) / 2);
  }
  // Sweep: rejecting the i least confident rows; counts are updated incrementally.
  let keptCorrect = inCorrect;
  let rejectedOut = sorted.filter((s) => !s.inScope && s.correct).length;
  let bestI = 0;
  let best = -Infinity;
  for (let i = 0; i <= sorted.length; i++) {
    if (i > 0) {
      const s = sorted[i - 1]!;
      if (s.inScope && s.correct) keptCorrect -= 1;
      if (!s.inScope && !s.correct) rejectedOut += 1;
    }
    // A threshold cannot fall between equal confidences.
    if (i > 0 && i < sorted.length && sorted[i - 1]!.confidence === sorted[i]!.confidence) continue;
    const objective = (nIn === 0 ? 0 : keptCorrect / nIn) / 2 + rejectedOut / nOut / 2;
    if (objective > best + 1e-12) {
      best = objective;
      bestI = i;
    }
  }
  return evaluate(at(bestI));
}
