// `npm run train`: builds the live intent model from intents/ plus the approved labels in the store, prints its
// held-out figures and the live model's on the same tests and new labels (candidate-model.ts), and writes
// models/intent-model.json unless accuracy would drop (`--force` overrides). Output is deterministic apart from
// `trainedAt` and `version`.
import { isAppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import type { TrainingLabel } from '../store/ports.js';
import type { IntentTrainer } from './live/intent-trainer.js';
import { intentModelPath, readLiveModelFile, writeLiveModelFile, type LiveModelFile } from './live/live-model-file.js';
import { toLiveModel } from './live/live-model-loading.js';
import { liveIntentTrainer } from './live/live-trainer.js';
import { trainCandidate, type LiveBaseline } from './live/candidate-model.js';
import { loadIntentData, OOS_LABEL } from './live/live-training.js';
import { formatComparison, type ModelComparison, type ReplaceDecision } from './live/model-comparison.js';

export interface TrainIntentModelOptions {
  intentsDir: string;
  modelsDir: string;
  logger: Logger;
  labels?: readonly TrainingLabel[];
  /** Write even when held-out accuracy drops. */
  force?: boolean;
  trainer?: IntentTrainer;
  /** Receives the readable report line by line (default: console.log). */
  out?: (line: string) => void;
  now?: () => Date;
}

export interface TrainIntentModelResult extends ReplaceDecision {
  file: LiveModelFile;
  comparison: ModelComparison;
  path: string | null;
  sizeBytes: number | null;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(2)}%`);

/** The model file in MODELS_DIR as the baseline to beat, or null when there is no usable one. */
function previousModel(modelsDir: string, trainer: IntentTrainer): LiveBaseline | null {
  try {
    const file = readLiveModelFile(modelsDir);
    if (!file || file.trainer !== trainer.type) return null;
    const live = toLiveModel(file, trainer);
    return { classifier: live.classifier, version: file.version, labelIds: file.data.labelIds, clarification: file.clarification };
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
}

export function formatModelReport(file: LiveModelFile, sizeBytes: number | null): string[] {
  const m = file.metrics;
  return [
    `Intent model v${file.version} (${file.trainer}): ${file.intents.filter((i) => i !== OOS_LABEL).length} intents + out-of-scope class, ${file.data.examples} examples (${file.data.labelIds.length} from labels, ${file.data.labelsSkipped} labels skipped as held-out test duplicates) + ${file.data.oosExamples} out-of-scope examples`,
    `Validation: ${file.provenance.validation}`,
    `Softmax temperature ${file.temperature.toFixed(4)}; threshold ${file.threshold.toFixed(4)} (${file.provenance.thresholdObjective})`,
    `Held-out tests (${m.tests}): accuracy ${pct(m.accuracy)}, macro-F1 ${pct(m.macroF1)}, ECE ${m.ece.toFixed(4)}`,
    `At the threshold: answered ${pct(m.answeredRate)}, in-scope accuracy ${pct(m.inScopeAccuracy)}; held-out out-of-scope probes rejected ${pct(m.oosRecall)} of ${m.oosProbes}`,
    `Clarification (margin ${file.clarification.margin}, floor ${file.clarification.floor}): asked on ${pct(m.clarifyRate)} of tests, right intent among the two ${pct(m.clarifyHasGold)}`,
    ...(sizeBytes === null ? [] : [`Model file: ${(sizeBytes / 1024).toFixed(1)} KB`]),
  ];
}

export async function trainIntentModel(options: TrainIntentModelOptions): Promise<TrainIntentModelResult> {
  const { modelsDir, logger } = options;
  const trainer = options.trainer ?? liveIntentTrainer();
  const out = options.out ?? ((line: string) => console.log(line));
  const started = Date.now();
  const data = loadIntentData(options.intentsDir);
  const previous = previousModel(modelsDir, trainer);
  const { built, previousFigures, comparison, decision } = await trainCandidate({
    data,
    trainer,
    labels: options.labels ?? [],
    previous,
    version: (previous?.version ?? 0) + 1,
    trainedAt: (options.now?.() ?? new Date()).toISOString(),
    force: options.force,
    onProgress: (stage) => out(`… ${stage}`),
  });
  const { file } = built;
  const sizeBytes = decision.replaced ? writeLiveModelFile(modelsDir, file) : null;
  for (const line of formatModelReport(file, sizeBytes)) out(line);
  out('');
  for (const line of formatComparison(previousFigures, file.metrics, comparison)) out(line);
  out('');
  out(decision.replaced ? `Wrote models/intent-model.json (v${file.version}): ${decision.reason}` : `Not written: ${decision.reason}. Use --force to write it anyway.`);
  logger.info('nlu.train.done', { replaced: decision.replaced, accuracy: file.metrics.accuracy, macroF1: file.metrics.macroF1, threshold: file.threshold, ms: Date.now() - started });
  return { ...decision, file, comparison, path: decision.replaced ? intentModelPath(modelsDir) : null, sizeBytes };
}
