// What every churn model file says about where it came from (version, training date, data hash, source), and how a
// file is checked on load. Shared by the telco blend (churn-model-file.ts) and the retail model (retail-churn.ts); it
// imports nothing from either, so neither depends on the other.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../app-error.js';

export const provenanceShape = {
  /**
   * `<date>-<first 8 hex of the data hash>-<first 6 hex of the parameters' hash>`: two files share a version only when
   * trained the same day on the same data into the same parameters (older files: without the last part).
   */
  version: z.string().min(1),
  trainedAt: z.string(),
  dataHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  source: z.string(),
};

/** `parameters`: what the model file holds besides its provenance and metrics (so a code change shows in the version). */
export function provenance(now: Date, dataHash: string, source: string, parameters: unknown): { version: string; trainedAt: string; dataHash: string; source: string } {
  const model = createHash('sha256').update(JSON.stringify(parameters)).digest('hex').slice(0, 6);
  return { version: `${now.toISOString().slice(0, 10)}-${dataHash.slice(7, 15)}-${model}`, trainedAt: now.toISOString(), dataHash, source };
}

/** A model file's JSON checked against its schema; a mismatch is CHURN_MODEL_INVALID naming the file and the field. */
export function parseModelFile<T>(json: unknown, schema: z.ZodType<T>, what: string, path: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('CHURN_MODEL_INVALID', `${what} file ${path} is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
}
