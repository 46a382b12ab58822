// Retraining the live model from intents/ plus the staff's labels: train a candidate, evaluate it and the live
// model on the same held-out tests and the new labels (candidate-model.ts) on a worker thread, so the bot keeps
// answering; refuse when accuracy drops, otherwise write the model file and swap the live classifier in place.
// One retrain at a time (a second request gets 409 RETRAIN_IN_PROGRESS).
import { AppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import type { TrainingLabelStore } from '../../store/ports.js';
import { writeLiveModelFile, type LiveModelFile } from './live-model-file.js';
import { toLiveModel } from './live-model-loading.js';
import { liveIntentTrainer } from './live-trainer.js';
import type { RetrainJob, RetrainMessage } from './retrain-worker.js';
import { liveIntents, type LiveModelHolder } from './live-understanding.js';
import type { ModelComparison, ReplaceDecision } from './model-comparison.js';
import { Worker } from 'node:worker_threads';

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
  logger: Logger;
  now?: () => Date;
}

/**
 * Runs one retrain job on a worker thread. From dist the worker is plain JavaScript; from source (tsx, vitest) it is
 * the .ts file, so a small bootstrap registers tsx's loader in the worker's own thread before importing it.
 */
function startWorker(job: RetrainJob): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./retrain-worker.js', import.meta.url), { workerData: job });
  const entry = new URL('./retrain-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}

function runRetrainWorker(job: RetrainJob, onProgress: (stage: string) => void): Promise<{ file: LiveModelFile; comparison: ModelComparison; decision: ReplaceDecision }> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    worker.on('message', (message: RetrainMessage) => {
      if (message.type === 'progress') onProgress(message.stage);
      else if (message.type === 'done') settle(() => resolve(message));
      else settle(() => reject(new AppError(message.code, `Retraining failed: ${message.message}`, { status: 500 })));
      if (message.type !== 'progress') void worker.terminate();
    });
    worker.on('error', (error) => settle(() => reject(new AppError('RETRAIN_FAILED', `Retraining failed: ${error.message}`, { status: 500 }))));
    worker.on('exit', (code) => settle(() => reject(new AppError('RETRAIN_FAILED', `The retraining worker stopped (exit code ${code}) without a result`, { status: 500 }))));
  });
}

export function createRetrainService(options: RetrainServiceOptions): RetrainService {
  const { holder, logger } = options;
  // The worker trains with liveIntentTrainer() too: the one trainer the bot runs (live-trainer.ts).
  const trainer = liveIntentTrainer();
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
        const live = holder.current;
        const { file, comparison, decision } = await runRetrainWorker(
          {
            intentsDir: options.intentsDir,
            labels,
            previous: { classifier: live.classifier.toJSON(), version: live.meta.version, labelIds: [...live.meta.data.labelIds], clarification: live.meta.clarification },
            version: live.meta.version + 1,
            trainedAt: now().toISOString(),
          },
          (stage) => logger.info('nlu.retrain.progress', { stage }),
        );
        if (decision.replaced) {
          writeLiveModelFile(options.modelsDir, file);
          // Restored from the file, so the bot runs exactly what a restart would load.
          holder.swap(toLiveModel(file, trainer));
        }
        const labelsUsed = file.data.labelIds.length;
        logger.info('nlu.retrain.done', { replaced: decision.replaced, previous: comparison.previous, candidate: comparison.candidate, evaluation: comparison.evaluation, labelsUsed, ms: Date.now() - started });
        return { ...comparison, ...decision, labelsUsed };
      } finally {
        running = false;
      }
    },
  };
}
