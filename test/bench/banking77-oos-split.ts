// Writes an out-of-scope evaluation set derived from BANKING77 (no CLINC-style data set is available here): of the
// 77 intents in sorted order, every 7th (index 3, 10, 17, …; 11 intents) leaves the label set. The first 5 of those
// give the training set's "oos" rows (their train.jsonl rows); the other 6 give the test set's "oos" rows (their
// test.jsonl rows). So the out-of-scope questions at test time are about topics the model never saw, not even as
// "oos" — the hard, in-domain case. In-scope rows are the other 66 intents' rows, unchanged.
// Usage: npx tsx test/bench/banking77-oos-split.ts [datasets/banking77 dir] [output dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonl } from '../../src/nlu/evaluate.js';
import type { LabelledText } from '../../src/nlu/types.js';

export interface OosSplit {
  train: LabelledText[];
  test: LabelledText[];
  trainOosIntents: string[];
  testOosIntents: string[];
}

export function banking77OosSplit(train: readonly LabelledText[], test: readonly LabelledText[]): OosSplit {
  const intents = [...new Set(train.map((r) => r.intent))].sort();
  const held = intents.filter((_, i) => i % 7 === 3);
  const trainOosIntents = held.slice(0, 5);
  const testOosIntents = held.slice(5);
  const relabel = (oosIntents: string[]) => (r: LabelledText) => (oosIntents.includes(r.intent) ? [{ text: r.text, intent: 'oos' }] : held.includes(r.intent) ? [] : [r]);
  return { train: train.flatMap(relabel(trainOosIntents)), test: test.flatMap(relabel(testOosIntents)), trainOosIntents, testOosIntents };
}

if (process.argv[1]?.endsWith('banking77-oos-split.ts')) {
  const source = process.argv[2] ?? '../shared/datasets/banking77';
  const out = process.argv[3] ?? 'test-results/banking77-oos';
  const split = banking77OosSplit(readJsonl(join(source, 'train.jsonl')), readJsonl(join(source, 'test.jsonl')));
  mkdirSync(out, { recursive: true });
  for (const part of ['train', 'test'] as const) writeFileSync(join(out, `${part}.jsonl`), split[part].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const count = (rows: LabelledText[]) => `${rows.length} rows, ${rows.filter((r) => r.intent === 'oos').length} oos`;
  process.stdout.write(`train: ${count(split.train)} (oos from ${split.trainOosIntents.join(', ')})\ntest: ${count(split.test)} (oos from ${split.testOosIntents.join(', ')})\nwritten to ${out}\n`);
}
