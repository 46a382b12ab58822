// Parses request input with a zod schema; a mismatch becomes a 400 that names each bad field.
import type { z } from 'zod';
import { AppError } from '../app-error.js';

export class ValidationError extends AppError {
  readonly fields: { field: string; message: string }[];

  constructor(fields: { field: string; message: string }[]) {
    super('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { status: 400 });
    this.fields = fields;
  }
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? `${where}.${issue.path.join('.')}` : where,
      message: issue.message,
    })),
  );
}
