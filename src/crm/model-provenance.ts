// What every churn model file says about where it came from (version, training date, data hash, source), and how a
// file is checked on load. Shared by the telco blend (churn-model-file.ts) and the retail model (retail-churn.ts); it
// imports nothing from either, so neither depends on the other.
import { z } from 'zod';
import { AppError } from '../app-error.js';

export const provenanceShape = {
  /** `<date>-<first 8 hex of the data hash>`: changes whenever the data or the day of training changes. */
  version: z.string().min(1),
  trainedAt: z.string(),
  dataHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  source: z.string(),
};

export function provenance(now: Date, dataHash: string, source: string): { version: string; trainedAt: string; dataHash: string; source: string } {
  return { version: `${now.toISOString().slice(0, 10)}-${dataHash.slice(7, 15)}`, trainedAt: now.toISOString(), dataHash, source };
}

/** A model file's JSON checked against its schema; a mismatch is CHURN_MODEL_INVALID naming the file and the field. */
export function parseModelFile<T>(json: unknown, schema: z.ZodType<T>, what: string, path: string): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('CHURN_MODEL_INVALID', `${what} file ${path} is invalid at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`);
}
