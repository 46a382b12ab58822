// The retrain API's training, off the bot's event loop: a worker thread runs trainCandidate (the candidate and one
// model per fold of new labels, seconds each) and posts progress and the result; the bot keeps answering meanwhile.
// The main thread only restores the winning file and swaps it in (retrain-service.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../app-error.js';
import type { TrainingLabel } from '../../store/ports.js';
import { trainCandidate } from './candidate-model.js';
import type { ClarificationSettings, LiveModelFile } from './live-model-file.js';
import { liveIntentTrainer } from './live-trainer.js';
import { loadIntentData } from './live-training.js';
import type { ModelComparison, ReplaceDecision } from './model-comparison.js';

export interface RetrainJob {
  intentsDir: string;
  labels: TrainingLabel[];
  previous: { classifier: unknown; version: number; labelIds: string[]; clarification: ClarificationSettings };
  version: number;
  trainedAt: string;
}

export type RetrainMessage =
  | { type: 'progress'; stage: string }
  | { type: 'done'; file: LiveModelFile; comparison: ModelComparison; decision: ReplaceDecision }
  | { type: 'failed'; code: string; message: string };

async function run(job: RetrainJob): Promise<RetrainMessage> {
  const trainer = liveIntentTrainer();
  const { built, comparison, decision } = await trainCandidate({
    data: loadIntentData(job.intentsDir),
    trainer,
    labels: job.labels,
    previous: { ...job.previous, classifier: trainer.restore(job.previous.classifier) },
    version: job.version,
    trainedAt: job.trainedAt,
    onProgress: (stage) => parentPort?.postMessage({ type: 'progress', stage } satisfies RetrainMessage),
  });
  return { type: 'done', file: built.file, comparison, decision };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as RetrainJob).then(
    (message) => port.postMessage(message),
    (error: unknown) => port.postMessage({ type: 'failed', code: isAppError(error) ? error.code : 'RETRAIN_FAILED', message: error instanceof Error ? error.message : String(error) } satisfies RetrainMessage),
  );
}
