// Classification metrics for intent models: accuracy, per-intent precision/recall/F1, macro averages and the
// most frequent confusions. A prediction of null (rejected as out of scope) counts as wrong for every gold label.

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Gold examples of this label. */
  support: number;
  /** Times this label was predicted. */
  predicted: number;
}

export interface ConfusionPair {
  gold: string;
  predicted: string;
  count: number;
}

export interface ClassificationReport {
  total: number;
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** Gold → predicted pairs that were wrong, most frequent first. */
  confusions: ConfusionPair[];
}

type Prediction = string | null;

function checkLengths(gold: readonly string[], predicted: readonly Prediction[]): void {
  if (gold.length !== predicted.length) throw new RangeError(`gold has ${gold.length} labels, predicted ${predicted.length}`);
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function accuracy(gold: readonly string[], predicted: readonly Prediction[]): number {
  checkLengths(gold, predicted);
  return ratio(gold.filter((g, i) => predicted[i] === g).length, gold.length);
}

/** Wrong (gold, predicted) pairs by count, then alphabetically; null predictions appear as "(none)". */
export function confusionPairs(gold: readonly string[], predicted: readonly Prediction[], top = Infinity): ConfusionPair[] {
  checkLengths(gold, predicted);
  const counts = new Map<string, ConfusionPair>();
  gold.forEach((g, i) => {
    const p = predicted[i] ?? '(none)';
    if (p === g) return;
    const key = `${g}\u0000${p}`;
    const pair = counts.get(key) ?? { gold: g, predicted: p, count: 0 };
    pair.count += 1;
    counts.set(key, pair);
  });
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted))
    .slice(0, top);
}

/**
 * Per-class and macro-averaged metrics. `labels` fixes the classes averaged over; by default the union of gold
 * and (non-null) predicted labels, as scikit-learn does. Precision/recall/F1 are 0 where undefined (0/0).
 */
export function classificationReport(
  gold: readonly string[],
  predicted: readonly Prediction[],
  labels?: readonly string[],
  topConfusions = 10,
): ClassificationReport {
  checkLengths(gold, predicted);
  const classes = labels ?? [...new Set([...gold, ...predicted.filter((p): p is string => p !== null)])].sort();
  const perClass = classes.map((label): ClassMetrics => {
    let tp = 0;
    let support = 0;
    let predictedCount = 0;
    gold.forEach((g, i) => {
      if (g === label) support += 1;
      if (predicted[i] === label) predictedCount += 1;
      if (g === label && predicted[i] === label) tp += 1;
    });
    const precision = ratio(tp, predictedCount);
    const recall = ratio(tp, support);
    return { label, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support, predicted: predictedCount };
  });
  const mean = (pick: (m: ClassMetrics) => number) => ratio(perClass.reduce((s, m) => s + pick(m), 0), perClass.length);
  return {
    total: gold.length,
    accuracy: accuracy(gold, predicted),
    macroPrecision: mean((m) => m.precision),
    macroRecall: mean((m) => m.recall),
    macroF1: mean((m) => m.f1),
    perClass,
    confusions: confusionPairs(gold, predicted, topConfusions),
  };
}
