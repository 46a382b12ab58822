// How well a retrained model answers the utterances staff labelled since the live model was trained, measured
// without training on them: the new labels are split into folds by distinct text (repeats of one message stay in
// one fold, so a copy in training never answers its twin), spread over the folds intent by intent; for each fold a
// model is trained through the same pipeline on intents/ plus every other label and classifies the fold. The live
// model never saw these labels, so it is measured on all of them directly.
import type { TrainingLabel } from '../../store/ports.js';
import { mulberry32, shuffleInPlace } from '../lexical/seeded-random.js';
import { normaliseText } from '../text-normalise.js';
import type { IntentTrainer, TrainedIntentClassifier } from './intent-trainer.js';
import { SPLIT_SEED, topIntentCorrect, trainLiveClassifier, type IntentData } from './live-training.js';

/** At most this many fold models (each is a full training run: ~4 s on intents/ here). */
export const MAX_LABEL_FOLDS = 5;

export interface NewLabelFigures {
  labels: number;
  folds: number;
  /** Labels whose intent the live model's top intent already matches. */
  previousRight: number;
  /** The same for the fold models, each on labels it was not trained on. */
  candidateRight: number;
}

/** Distinct texts dealt round-robin into `folds` groups, intent by intent, in a seeded order. */
export function labelFolds(labels: readonly TrainingLabel[], maxFolds = MAX_LABEL_FOLDS): TrainingLabel[][] {
  const byText = new Map<string, TrainingLabel[]>();
  for (const label of labels) {
    const key = normaliseText(label.text);
    byText.set(key, [...(byText.get(key) ?? []), label]);
  }
  const groups = [...byText.values()];
  const k = Math.min(maxFolds, groups.length);
  const order = groups.map((_, i) => i);
  shuffleInPlace(order, mulberry32(SPLIT_SEED));
  // Stable sort by intent after the shuffle: each intent's texts are consecutive, so round-robin spreads them.
  const ordered = order.map((i) => groups[i]!).sort((a, b) => a[0]!.intent.localeCompare(b[0]!.intent));
  const folds: TrainingLabel[][] = Array.from({ length: k }, () => []);
  ordered.forEach((group, i) => folds[i % k]!.push(...group));
  return folds;
}

export interface CrossValidateLabelsOptions {
  data: IntentData;
  trainer: IntentTrainer;
  /** Every label the candidate is trained on. */
  labels: readonly TrainingLabel[];
  /** The ones the live model was not trained on: the ones measured. */
  newLabels: readonly TrainingLabel[];
  previous: TrainedIntentClassifier;
  onFold?: (done: number, total: number) => void;
}

export async function crossValidateNewLabels(options: CrossValidateLabelsOptions): Promise<NewLabelFigures | null> {
  const { data, trainer, newLabels } = options;
  if (newLabels.length === 0) return null;
  const rows = newLabels.map((l) => ({ text: l.text, intent: l.intent }));
  const previousRight = (await topIntentCorrect(options.previous, rows)).filter(Boolean).length;
  const folds = labelFolds(newLabels);
  let candidateRight = 0;
  for (const [f, fold] of folds.entries()) {
    const held = new Set(fold.map((l) => l.id));
    const { classifier } = await trainLiveClassifier(data, trainer, options.labels.filter((l) => !held.has(l.id)));
    candidateRight += (await topIntentCorrect(classifier, fold.map((l) => ({ text: l.text, intent: l.intent })))).filter(Boolean).length;
    options.onFold?.(f + 1, folds.length);
  }
  return { labels: newLabels.length, folds: folds.length, previousRight, candidateRight };
}
