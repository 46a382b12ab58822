// Retraining the live model from intents/ plus the staff's labels: train a candidate, evaluate it and the live
// model on the same held-out tests and the new labels (candidate-model.ts), refuse when accuracy drops, otherwise write the model file and swap the live
// classifier in place. One retrain at a time (a second request gets 409 RETRAIN_IN_PROGRESS).
import { AppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import type { TrainingLabelStore } from '../../store/ports.js';
import type { IntentTrainer } from './intent-trainer.js';
import { metaOf, writeLiveModelFile } from './live-model-file.js';
import { trainCandidate } from './candidate-model.js';
import { loadIntentData } from './live-training.js';
import { liveIntents, type LiveModelHolder } from './live-understanding.js';
import type { ModelComparison } from './model-comparison.js';

export interface RetrainResult extends ModelComparison {
  replaced: boolean;
  reason: string;
  labelsUsed: number;
}

export interface ModelStatus {
  version: number;
  trainedAt: string;
  accuracy: number;
  macroF1: number;
  intents: string[];
  labelsPending: number;
}

export interface RetrainService {
  status(): Promise<ModelStatus>;
  retrain(): Promise<RetrainResult>;
}

export interface RetrainServiceOptions {
  holder: LiveModelHolder;
  labels: TrainingLabelStore;
  intentsDir: string;
  modelsDir: string;
  trainer: IntentTrainer;
  logger: Logger;
  now?: () => Date;
}

export function createRetrainService(options: RetrainServiceOptions): RetrainService {
  const { holder, trainer, logger } = options;
  const now = options.now ?? (() => new Date());
  let running = false;

  return {
    async status() {
      const { meta } = holder.current;
      const used = new Set(meta.data.labelIds);
      const labels = await options.labels.list();
      return {
        version: meta.version,
        trainedAt: meta.trainedAt,
        accuracy: meta.metrics.accuracy,
        macroF1: meta.metrics.macroF1,
        intents: liveIntents(holder.current),
        labelsPending: labels.filter((l) => !used.has(l.id)).length,
      };
    },

    async retrain() {
      if (running) throw new AppError('RETRAIN_IN_PROGRESS', 'A retrain is already running; try again when it has finished.', { status: 409 });
      running = true;
      const started = Date.now();
      try {
        const labels = await options.labels.list();
        const data = loadIntentData(options.intentsDir);
        const live = holder.current;
        const { built, comparison, decision } = await trainCandidate({
          data,
          trainer,
          labels,
          previous: { classifier: live.classifier, version: live.meta.version, labelIds: live.meta.data.labelIds, clarification: live.meta.clarification },
          version: live.meta.version + 1,
          trainedAt: now().toISOString(),
          onProgress: (stage) => logger.info('nlu.retrain.progress', { stage }),
        });
        if (decision.replaced) {
          writeLiveModelFile(options.modelsDir, built.file);
          holder.swap({ classifier: built.classifier, meta: metaOf(built.file) });
        }
        const labelsUsed = built.file.data.labelIds.length;
        logger.info('nlu.retrain.done', { replaced: decision.replaced, previous: comparison.previous, candidate: comparison.candidate, evaluation: comparison.evaluation, labelsUsed, ms: Date.now() - started });
        return { ...comparison, ...decision, labelsUsed };
      } finally {
        running = false;
      }
    },
  };
}
