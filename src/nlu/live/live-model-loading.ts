// Start-up: load models/intent-model.json when it matches intents/ and the trainer, otherwise train in memory
// (missing, stale or unreadable file) and say so in the log. The bot therefore always starts with a model.
import { isAppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import type { TrainingLabel } from '../../store/ports.js';
import type { IntentTrainer } from './intent-trainer.js';
import type { LiveModel } from './live-understanding.js';
import { metaOf, readLiveModelFile, type LiveModelFile } from './live-model-file.js';
import { buildLiveModel, loadIntentData, type IntentData } from './live-training.js';

export interface LoadLiveModelOptions {
  modelsDir: string;
  intentsDir: string;
  trainer: IntentTrainer;
  logger: Logger;
  /** Approved labels, used only when the model has to be trained at start. */
  labels?: () => Promise<TrainingLabel[]>;
}

export interface LoadedLiveModel {
  model: LiveModel;
  data: IntentData;
  source: 'file' | 'trained';
}

export function toLiveModel(file: LiveModelFile, trainer: IntentTrainer): LiveModel {
  return { classifier: trainer.restore(file.classifier), meta: metaOf(file) };
}

function whyNotUsable(file: LiveModelFile | null, data: IntentData, trainer: IntentTrainer): string | null {
  if (!file) return 'missing';
  if (file.trainer !== trainer.type) return `trained by "${file.trainer}", the bot uses "${trainer.type}"`;
  if (file.data.intentsHash !== data.intentsHash) return 'stale: intents/ changed since it was trained';
  return null;
}

export async function loadLiveModel(options: LoadLiveModelOptions): Promise<LoadedLiveModel> {
  const { trainer, logger } = options;
  const data = loadIntentData(options.intentsDir);
  let file: LiveModelFile | null = null;
  let reason: string | null;
  try {
    file = readLiveModelFile(options.modelsDir);
    reason = whyNotUsable(file, data, trainer);
    if (file && reason === null) {
      const model = toLiveModel(file, trainer);
      logger.info('nlu.model.loaded', { version: file.version, trainer: file.trainer, intents: file.intents.length, accuracy: file.metrics.accuracy });
      return { model, data, source: 'file' };
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    reason = `unreadable (${error.code}: ${error.message})`;
  }
  const started = Date.now();
  const labels = options.labels ? await options.labels() : [];
  const built = await buildLiveModel(data, { trainer, labels, version: (file?.version ?? 0) + 1 });
  const meta = metaOf(built.file);
  logger.warn('nlu.model.trained_at_start', {
    reason,
    note: 'the model file in MODELS_DIR was not used; run `npm run train` to write one',
    accuracy: meta.metrics.accuracy,
    ms: Date.now() - started,
  });
  return { model: { classifier: built.classifier, meta }, data, source: 'trained' };
}
