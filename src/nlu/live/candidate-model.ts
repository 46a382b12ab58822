// One retrain, start to decision, shared by `npm run train` and the retrain API: train the candidate on intents/ plus
// the labels, measure the live model and the candidate on the same held-out tests (paired), cross-validate the
// candidate on the labels the live model has not seen, and decide with model-comparison's rule. Nothing is written.
import type { TrainingLabel } from '../../store/ports.js';
import { crossValidateNewLabels } from './label-cross-validation.js';
import type { IntentTrainer, TrainedIntentClassifier } from './intent-trainer.js';
import type { ClarificationSettings, HeldOutFigures } from './live-model-file.js';
import { buildLiveModel, evaluateHeldOut, topIntentCorrect, type BuiltLiveModel, type IntentData } from './live-training.js';
import { decideReplacement, evaluationAccuracy, pairedTests, type ModelComparison, type ReplaceDecision } from './model-comparison.js';

/** The model a candidate must beat. */
export interface LiveBaseline {
  classifier: TrainedIntentClassifier;
  version: number;
  /** Labels it was trained on; the others are new to it. */
  labelIds: readonly string[];
  clarification: ClarificationSettings;
}

export interface CandidateOptions {
  data: IntentData;
  trainer: IntentTrainer;
  labels: readonly TrainingLabel[];
  previous: LiveBaseline | null;
  version: number;
  trainedAt: string;
  force?: boolean;
  /** Stage by stage, for progress output (each label fold is a full training run). */
  onProgress?: (stage: string) => void;
}

export interface CandidateResult {
  built: BuiltLiveModel;
  previousFigures: HeldOutFigures | null;
  comparison: ModelComparison;
  decision: ReplaceDecision;
}

export async function trainCandidate(options: CandidateOptions): Promise<CandidateResult> {
  const { data, trainer, previous } = options;
  const progress = options.onProgress ?? (() => undefined);
  progress('training the new model');
  const built = await buildLiveModel(data, { trainer, labels: options.labels, version: options.version, trainedAt: options.trainedAt });
  const candidate = { version: built.file.version, accuracy: built.file.metrics.accuracy, macroF1: built.file.metrics.macroF1 };
  const candidateRight = await topIntentCorrect(built.classifier, data.tests);
  const rightCount = (xs: boolean[]) => xs.filter(Boolean).length;
  if (!previous) {
    const comparison: ModelComparison = { previous: null, candidate, paired: null, newLabels: null, evaluation: evaluationAccuracy(data.tests.length, null, rightCount(candidateRight), null) };
    return { built, previousFigures: null, comparison, decision: decideReplacement(comparison, options.force) };
  }
  // The live model is measured again on today's tests, so both figures use the same yardstick.
  const previousFigures = await evaluateHeldOut(previous.classifier, data, previous.clarification);
  const previousRight = await topIntentCorrect(previous.classifier, data.tests);
  const paired = pairedTests(previousRight, candidateRight);
  const used = new Set(built.file.data.labelIds);
  const seen = new Set(previous.labelIds);
  const newLabels = options.labels.filter((l) => used.has(l.id) && !seen.has(l.id));
  const labelFigures = await crossValidateNewLabels({
    data,
    trainer,
    labels: options.labels,
    newLabels,
    previous: previous.classifier,
    onFold: (done, total) => progress(`new labels: fold ${done} of ${total} trained and measured`),
  });
  const comparison: ModelComparison = {
    previous: { version: previous.version, accuracy: previousFigures.accuracy, macroF1: previousFigures.macroF1 },
    candidate,
    paired,
    newLabels: labelFigures,
    evaluation: evaluationAccuracy(data.tests.length, rightCount(previousRight), rightCount(candidateRight), labelFigures),
  };
  return { built, previousFigures, comparison, decision: decideReplacement(comparison, options.force) };
}
