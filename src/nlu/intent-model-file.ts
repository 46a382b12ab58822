// The shape of models/intent-model.json: the trained classifier, its out-of-scope threshold with provenance,
// and the evaluation that produced them. Written by train.ts, read (and validated) by nlu-service.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error.js';

export const INTENT_MODEL_FILE = 'intent-model.json';
export const INTENT_MODEL_VERSION = 1;

const rate = z.number().min(0).max(1);

export const intentModelMetricsSchema = z.object({
  trainExamples: z.number().int().nonnegative(),
  testExamples: z.number().int().nonnegative(),
  features: z.number().int().nonnegative(),
  /** Held-out `tests` from intents/, top-1 without a threshold. */
  heldOut: z.object({
    accuracy: rate,
    macroF1: rate,
    macroPrecision: rate,
    macroRecall: rate,
    perIntent: z.array(z.object({ intent: z.string(), precision: rate, recall: rate, f1: rate, support: z.number().int() })),
    confusions: z.array(z.object({ gold: z.string(), predicted: z.string(), count: z.number().int() })),
  }),
  /** Stratified k-fold cross-validation on the training examples (also where the temperature is fitted). */
  crossValidation: z.object({ folds: z.number().int(), accuracy: rate, macroF1: rate }),
  /** Held-out tests once the threshold applies. */
  atThreshold: z.object({
    answeredRate: rate,
    answeredAccuracy: rate,
    /** Out-of-scope probe messages (intents/out-of-scope.txt), never trained on; null when the file is absent. */
    outOfScope: z.object({ messages: z.number().int(), rejectedRate: rate }).nullable(),
  }),
});

export const thresholdProvenanceSchema = z.object({
  objective: z.string(),
  minAnsweredRate: rate,
  evaluatedOn: z.string(),
  temperature: z.number().positive(),
  temperatureFittedOn: z.string(),
});

export const intentModelFileSchema = z.object({
  version: z.literal(INTENT_MODEL_VERSION),
  trainedAt: z.string(),
  intents: z.array(z.string()).min(1),
  /** Validated by the classifier's own fromJSON (it is large; parsing it twice would slow start-up). */
  classifier: z.unknown(),
  threshold: rate,
  thresholdProvenance: thresholdProvenanceSchema,
  metrics: intentModelMetricsSchema,
});

export type IntentModelMetrics = z.infer<typeof intentModelMetricsSchema>;
export type ThresholdProvenance = z.infer<typeof thresholdProvenanceSchema>;
export type IntentModelFile = z.infer<typeof intentModelFileSchema>;

export function intentModelPath(modelsDir: string): string {
  return join(modelsDir, INTENT_MODEL_FILE);
}

/** Reads and validates the model file: AppError MODEL_MISSING when absent, MODEL_INVALID when malformed. */
export function readIntentModelFile(modelsDir: string): IntentModelFile {
  const path = intentModelPath(modelsDir);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw missing
      ? new AppError('MODEL_MISSING', `No intent model at ${path}; run \`npm run train\` to build it`, { status: 503, cause: error })
      : new AppError('MODEL_INVALID', `Cannot read the intent model at ${path}`, { status: 503, cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new AppError('MODEL_INVALID', `${path} is not valid JSON`, { status: 503, cause: error });
  }
  const parsed = intentModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('MODEL_INVALID', `${path}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`, { status: 503 });
  }
  return parsed.data;
}
