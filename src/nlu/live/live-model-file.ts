// models/intent-model.json, format 2: the live intent model with its version, training data fingerprint,
// calibration (temperature, out-of-scope threshold, clarification margin) and held-out figures. Written by
// `npm run train` and the retrain API (write-then-rename), read at start-up.
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../app-error.js';

export const INTENT_MODEL_FILE = 'intent-model.json';
export const INTENT_MODEL_FORMAT = 2;

const rate = z.number().min(0).max(1);

export const heldOutFiguresSchema = z.object({
  /** Held-out `tests` from intents/: top-1 without a threshold. */
  tests: z.number().int().nonnegative(),
  accuracy: rate,
  macroF1: rate,
  /** With the threshold: a rejected in-scope test counts as wrong. */
  inScopeAccuracy: rate,
  answeredRate: rate,
  /** Held-out out-of-scope probes (the half not used for tuning) rejected by the threshold; null without probes. */
  oosProbes: z.number().int().nonnegative(),
  oosRecall: rate.nullable(),
  /** Expected calibration error of the top-1 confidence on the tests (15 bins). */
  ece: rate,
  /** Share of tests that get "did you mean A or B?", and how often the right intent is one of the two. */
  clarifyRate: rate,
  clarifyHasGold: rate.nullable(),
  perIntent: z.array(z.object({ intent: z.string(), precision: rate, recall: rate, f1: rate, support: z.number().int() })),
  confusions: z.array(z.object({ gold: z.string(), predicted: z.string(), count: z.number().int() })),
});

export const clarificationSettingsSchema = z.object({
  /** Ask when top − second < margin ... */
  margin: rate,
  /** ... and both are at least this confident. */
  floor: rate,
});

export const liveModelFileSchema = z.object({
  format: z.literal(INTENT_MODEL_FORMAT),
  /** Increases by one each time a model replaces the previous one. */
  version: z.number().int().positive(),
  trainedAt: z.string(),
  trainer: z.string(),
  intents: z.array(z.string()).min(1),
  threshold: rate,
  temperature: z.number().positive(),
  clarification: clarificationSettingsSchema,
  provenance: z.object({ thresholdObjective: z.string(), validation: z.string(), clarification: z.string() }),
  data: z.object({
    /** sha256 of the intents/ examples, tests and out-of-scope probes: a different hash means the file is stale. */
    intentsHash: z.string(),
    examples: z.number().int(),
    oosExamples: z.number().int(),
    labelIds: z.array(z.string()),
    /** Labels left out because their text is a held-out test (it would leak into the evaluation). */
    labelsSkipped: z.number().int(),
  }),
  metrics: heldOutFiguresSchema,
  /** Restored by the trainer named in `trainer` (validated there). */
  classifier: z.unknown(),
});

export type HeldOutFigures = z.infer<typeof heldOutFiguresSchema>;
export type ClarificationSettings = z.infer<typeof clarificationSettingsSchema>;
export type LiveModelFile = z.infer<typeof liveModelFileSchema>;

export const intentModelPath = (modelsDir: string): string => join(modelsDir, INTENT_MODEL_FILE);

/** Reads and validates the file: null when absent, AppError MODEL_INVALID when unreadable or of another format. */
export function readLiveModelFile(modelsDir: string): LiveModelFile | null {
  const path = intentModelPath(modelsDir);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('MODEL_INVALID', `Cannot read the intent model at ${path}`, { status: 503, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new AppError('MODEL_INVALID', `${path} is not valid JSON`, { status: 503, cause: error });
  }
  const parsed = liveModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('MODEL_INVALID', `${path}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`, { status: 503 });
  }
  return parsed.data;
}

/** Readable metadata first, the classifier (large) on one line at the end. Returns the byte size written. */
export function writeLiveModelFile(modelsDir: string, file: LiveModelFile): number {
  mkdirSync(modelsDir, { recursive: true });
  const path = intentModelPath(modelsDir);
  const marker = '"__classifier__"';
  const text = `${JSON.stringify({ ...file, classifier: '__classifier__' }, null, 2).replace(marker, () => JSON.stringify(file.classifier))}\n`;
  // Write then rename, so a running bot or a crash never sees half a model.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return Buffer.byteLength(text);
}

/** Everything but the (large) classifier JSON. */
export function metaOf(file: LiveModelFile): Omit<LiveModelFile, 'classifier'> {
  const { classifier: _classifier, ...meta } = file;
  return meta;
}
