// Chooses the live lexical feature setting on VALIDATION data only: the same seeded 15% of each intent's examples
// that `npm run train` tunes on (VALIDATION_FRACTION, SPLIT_SEED). Each setting trains on the other 85% (its C tuned
// on a further seeded 10% of those rows) and is scored on the validation rows; the held-out `tests` are not read.
// Usage: npx tsx test/bench/live-feature-choice.ts [intentsDir]. Prints a table and a final JSON line.
import { trainTunedLexical } from '../../src/nlu/lexical/train-lexical.js';
import { DEFAULT_TFIDF_OPTIONS, type TfidfOptions } from '../../src/nlu/lexical/tfidf-features.js';
import { stratifiedSplit } from '../../src/nlu/lexical/stratified-split.js';
import { loadIntentData, OOS_LABEL, SPLIT_SEED, VALIDATION_FRACTION } from '../../src/nlu/live/live-training.js';

const stems: TfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, minDf: 1, stemWords: true };
const settings: [string, TfidfOptions][] = [
  ['min-df 2 (library default)', DEFAULT_TFIDF_OPTIONS],
  ['min-df 1 (live since v2 ensemble)', { ...DEFAULT_TFIDF_OPTIONS, minDf: 1 }],
  ['min-df 1 + stems (lexical v3)', stems],
  ['+ word pairs (window 3)', { ...stems, pairWindow: 3 }],
  ['+ char weight 0.5', { ...stems, charWeight: 0.5 }],
  ['+ word 1-3-grams', { ...stems, word: { min: 1, max: 3 } }],
];

const data = loadIntentData(process.argv[2] ?? 'intents');
const split = stratifiedSplit([...data.examples, ...data.oosExamples], VALIDATION_FRACTION, SPLIT_SEED);
const inScope = split.validation.filter((r) => r.intent !== OOS_LABEL);
const results = settings.map(([name, features]) => {
  const { classifier } = trainTunedLexical(split.train, { oosLabel: OOS_LABEL, seed: SPLIT_SEED, features });
  const right = inScope.filter((r) => classifier.rank(r.text)[0]?.intent === r.intent).length;
  return { name, validationAccuracy: right / inScope.length, right };
});
console.log(`Validation: ${inScope.length} in-scope examples (${VALIDATION_FRACTION * 100}% of each intent, seed ${SPLIT_SEED}); training rows ${split.train.length}`);
console.log(`${'setting'.padEnd(36)} validation accuracy`);
for (const r of results) console.log(`${r.name.padEnd(36)} ${(r.validationAccuracy * 100).toFixed(2)}% (${r.right}/${inScope.length})`);
console.log(JSON.stringify({ validationRows: inScope.length, results: results.map((r) => ({ setting: r.name, accuracy: Number(r.validationAccuracy.toFixed(4)) })) }));
