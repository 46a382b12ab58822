// Naive Bayes maths on a corpus small enough to work out by hand, ranking shape, and JSON round trips.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/app-error.js';
import { NaiveBayesClassifier, featuresOf, rankScores } from '../../src/nlu/naive-bayes-classifier.js';
import type { LabelledText } from '../../src/nlu/types.js';

const tiny: LabelledText[] = [
  { text: 'red apple', intent: 'A' },
  { text: 'red', intent: 'A' },
  { text: 'green apple', intent: 'B' },
];
const unigrams = { alpha: 1, wordNgrams: [1], charNgrams: [], temperature: 1 };

describe('featuresOf', () => {
  it('gives distinct stemmed word n-grams and character n-grams', () => {
    expect(featuresOf('Cancelling cancelling orders', { wordNgrams: [1, 2], charNgrams: [] }).sort()).toEqual(
      ['w:cancel', 'w:cancel cancel', 'w:cancel order', 'w:order'].sort(),
    );
    expect(featuresOf('hi', { wordNgrams: [], charNgrams: [3] })).toEqual(['c:<hi', 'c:hi>']);
  });
});

describe('NaiveBayesClassifier maths', () => {
  // Vocabulary {red, appl, green}: V = 3, alpha = 1.
  // A: 2 docs, counts red 2, appl 1 (total 3). B: 1 doc, counts green 1, appl 1 (total 2).
  // Priors are Laplace-smoothed: P(A) = (2+1)/(3+2) = 0.6, P(B) = (1+1)/(3+2) = 0.4.
  // "red": A ∝ 0.6 · (2+1)/(3+3) = 0.3; B ∝ 0.4 · (0+1)/(2+3) = 0.08 → P(A|red) = 0.3/0.38.
  const nb = NaiveBayesClassifier.train(tiny, unigrams);

  it('computes log joint scores as hand-worked', () => {
    const [a, b] = nb.scores('red');
    expect(a).toBeCloseTo(Math.log(0.3), 12);
    expect(b).toBeCloseTo(Math.log(0.08), 12);
  });

  it('turns scores into the posterior at temperature 1', () => {
    const ranking = nb.rank('red');
    expect(ranking.map((r) => r.intent)).toEqual(['A', 'B']);
    expect(ranking[0]?.confidence).toBeCloseTo(0.3 / 0.38, 12);
  });

  it('uses every feature: "green apple" favours B', () => {
    // A ∝ 0.6 · 1/6 · 2/6 = 1/30; B ∝ 0.4 · 2/5 · 2/5 = 0.064.
    const ranking = nb.rank('green apple');
    expect(ranking[0]?.intent).toBe('B');
    expect(ranking[0]?.confidence).toBeCloseTo(0.064 / (0.064 + 1 / 30), 12);
  });

  it('falls back to the priors for text with no known feature', () => {
    const ranking = nb.rank('zebra');
    expect(ranking[0]?.confidence).toBeCloseTo(0.6, 12);
    expect(nb.rank('').map((r) => r.confidence)).toEqual(ranking.map((r) => r.confidence));
  });

  it('flattens the distribution as the temperature rises', () => {
    const hot = nb.withTemperature(1000).rank('red');
    expect(hot[0]?.confidence).toBeGreaterThan(0.5);
    expect(hot[0]?.confidence).toBeLessThan(0.51);
  });
});

describe('ranking shape', () => {
  const nb = NaiveBayesClassifier.train(
    [
      ...tiny,
      { text: 'hello there', intent: 'C' },
      { text: 'hi', intent: 'C' },
    ],
    { temperature: 3 },
    ['A', 'B', 'C', 'D'],
  );

  it('ranks ALL intents (even ones without examples), best first, summing to 1', async () => {
    for (const text of ['red apple', 'hello', '', '!!!', 'something else entirely']) {
      const ranking = await nb.classify(text);
      expect(ranking.map((r) => r.intent).sort()).toEqual(['A', 'B', 'C', 'D']);
      expect(ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 12);
      for (let i = 1; i < ranking.length; i++) expect(ranking[i - 1]!.confidence).toBeGreaterThanOrEqual(ranking[i]!.confidence);
    }
  });

  it('rankScores breaks ties by intent name', () => {
    expect(rankScores(['b', 'a'], [0, 0], 1)).toEqual([
      { intent: 'a', confidence: 0.5 },
      { intent: 'b', confidence: 0.5 },
    ]);
  });

  it('rejects examples with an intent outside the given list', () => {
    expect(() => NaiveBayesClassifier.train([{ text: 'x', intent: 'Z' }], {}, ['A'])).toThrow(AppError);
    expect(() => NaiveBayesClassifier.train([])).toThrow(AppError);
  });
});

describe('serialisation', () => {
  const nb = NaiveBayesClassifier.train(
    [...tiny, { text: 'where is my order', intent: 'C' }, { text: 'cancel my order #548213', intent: 'D' }],
    { temperature: 4 },
  );

  it('restores a classifier with identical predictions', () => {
    const restored = NaiveBayesClassifier.fromJSON(JSON.parse(JSON.stringify(nb.toJSON())));
    for (const text of ['red apple', 'where is order 536365', 'cancel it', '', 'Привет', 'green']) {
      expect(restored.rank(text)).toEqual(nb.rank(text));
    }
    expect(restored.toJSON()).toEqual(nb.toJSON());
    expect(restored.intents).toEqual(nb.intents);
  });

  it('refuses malformed documents with MODEL_INVALID', () => {
    const good = nb.toJSON();
    const cases: unknown[] = [null, {}, { ...good, type: 'svm' }, { ...good, docCounts: [1] }, { ...good, features: { 'w:x': [99, 1] } }, { ...good, features: { 'w:x': [0] } }];
    for (const bad of cases) {
      expect(() => NaiveBayesClassifier.fromJSON(bad)).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
    }
  });
});
