// Reads the bot's domain from intents/*.yaml: examples to train on, held-out tests, and reply templates.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { LabelledText } from './types.js';

const templateList = z.array(z.string().min(1)).min(1);

const intentSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'intent names are snake_case'),
  description: z.string().min(1),
  examples: z.array(z.string().min(1)).min(1),
  tests: z.array(z.string().min(1)).default([]),
  /** Reply templates by variant ("default" is required); `{slot}` placeholders are filled at reply time. */
  responses: z.record(z.string(), templateList).refine((r) => 'default' in r, 'a "default" response variant is required'),
  /** Quick-reply buttons offered with the answer. */
  suggestions: z.array(z.string().min(1)).default([]),
});

const fileSchema = z.object({
  domain: z.string().min(1),
  intents: z.array(intentSchema).min(1),
});

export type IntentDefinition = z.infer<typeof intentSchema> & { domain: string };

export interface IntentCatalog {
  intents: IntentDefinition[];
  byName: Map<string, IntentDefinition>;
}

export function loadIntentCatalog(dir: string): IntentCatalog {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  if (files.length === 0) throw new AppError('INTENTS_MISSING', `No intent files (*.yaml) in ${dir}`);
  const intents: IntentDefinition[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const parsed = fileSchema.safeParse(parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError('INTENTS_INVALID', `${path}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
    }
    for (const intent of parsed.data.intents) intents.push({ ...intent, domain: parsed.data.domain });
  }
  const byName = new Map<string, IntentDefinition>();
  for (const intent of intents) {
    if (byName.has(intent.name)) throw new AppError('INTENTS_INVALID', `Intent "${intent.name}" is defined twice`);
    byName.set(intent.name, intent);
  }
  return { intents, byName };
}

export function trainingExamples(catalog: IntentCatalog): LabelledText[] {
  return catalog.intents.flatMap((i) => i.examples.map((text) => ({ text, intent: i.name })));
}

export function testExamples(catalog: IntentCatalog): LabelledText[] {
  return catalog.intents.flatMap((i) => i.tests.map((text) => ({ text, intent: i.name })));
}
