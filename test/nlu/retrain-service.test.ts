// The retrain service on its own: one retrain at a time (409 for a second), labels counted as pending until a
// retrain uses them, and the holder swapped only when the candidate is kept.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { liveIntentTrainer } from '../../src/nlu/live/live-trainer.js';
import { loadLiveModel } from '../../src/nlu/live/live-model-loading.js';
import { LiveModelHolder } from '../../src/nlu/live/live-understanding.js';
import { createRetrainService } from '../../src/nlu/live/retrain-service.js';
import { trainIntentModel } from '../../src/nlu/train.js';
import type { TrainingLabel, TrainingLabelStore } from '../../src/store/ports.js';
import { writeSmallDomain } from '../fixtures/nlu/small-domain.js';

const events: string[] = [];
const logger: Logger = { debug: () => {}, info: (e) => void events.push(e), warn: (e) => void events.push(e), error: () => {}, child: () => logger };

function memoryLabels(initial: TrainingLabel[] = []): TrainingLabelStore {
  const labels = [...initial];
  return {
    add: async (label) => void (labels.some((l) => l.id === label.id) || labels.push(label)),
    list: async () => [...labels],
    remove: async (id) => {
      const i = labels.findIndex((l) => l.id === id);
      if (i >= 0) labels.splice(i, 1);
      return i >= 0;
    },
  };
}

describe('createRetrainService', () => {
  it('trains at start without a model file, refuses a second concurrent retrain with 409, then uses the labels', async () => {
    const dirs = writeSmallDomain();
    const trainer = liveIntentTrainer();
    const loaded = await loadLiveModel({ ...dirs, trainer, logger });
    expect(loaded.source).toBe('trained');
    expect(events).toContain('nlu.model.trained_at_start');
    const holder = new LiveModelHolder(loaded.model);
    const label: TrainingLabel = { id: 'l1', text: 'my parcel never came', intent: 'track', createdBy: 'agent', createdAt: '2025-01-01T00:00:00Z' };
    const service = createRetrainService({ holder, labels: memoryLabels([label]), ...dirs, logger });
    expect(await service.status()).toMatchObject({ version: 1, labelsPending: 1 });

    const first = service.retrain();
    await expect(service.retrain()).rejects.toMatchObject({ code: 'RETRAIN_IN_PROGRESS', status: 409 });
    const result = await first;
    expect(result).toMatchObject({ replaced: true, labelsUsed: 1, previous: { version: 1 }, candidate: { version: 2 } });
    expect(holder.current.meta.version).toBe(2);
    expect(await service.status()).toMatchObject({ version: 2, labelsPending: 0 });

    // The written file is fresh for intents/: the next start loads it instead of training.
    const reloaded = await loadLiveModel({ ...dirs, trainer, logger });
    expect(reloaded.source).toBe('file');
    expect(reloaded.model.meta.version).toBe(2);
  });

  it('trains in memory at start when intents/ changed since the file was written (stale), and says why', async () => {
    const dirs = writeSmallDomain();
    const trainer = liveIntentTrainer();
    await trainIntentModel({ ...dirs, logger, out: () => {} });
    expect((await loadLiveModel({ ...dirs, trainer, logger })).source).toBe('file');
    const yaml = join(dirs.intentsDir, 'demo.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('"hello", "hi there"', '"hello", "hi there", "howdy"'));
    const warnings: Record<string, unknown>[] = [];
    const recording: Logger = { ...logger, warn: (_event, fields) => void warnings.push(fields ?? {}) };
    const stale = await loadLiveModel({ ...dirs, trainer, logger: recording });
    expect(stale.source).toBe('trained');
    expect(warnings[0]?.reason).toMatch(/stale/);
  });
});
