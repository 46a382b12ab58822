// TF-IDF maths against values worked out by hand on a three-document corpus, plus the n-gram analysers.
import { describe, expect, it } from 'vitest';
import { charNgrams, skipPairs, wordNgrams } from '../../../src/nlu/lexical/ngrams.js';
import { l2Norm } from '../../../src/nlu/lexical/sparse-vector.js';
import { DEFAULT_TFIDF_OPTIONS, TfidfBlock, TfidfFeaturizer, tfidfJsonSchema, type TfidfOptions } from '../../../src/nlu/lexical/tfidf-features.js';

// Corpus: d1 "card lost", d2 "card card arrived", d3 "lost pin"; N = 3.
// df: arrived 1, card 2, lost 2, pin 1.  Smoothed idf = ln((1 + N) / (1 + df)) + 1:
//   df 2 → ln(4/3) + 1 = 1.287682072…   df 1 → ln(4/2) + 1 = 1.693147180…
// d2, sublinear tf: card 1 + ln 2 = 1.693147…, × idf 1.287682… = 2.180234…; arrived 1 × 1.693147…
//   L2 norm = √(2.180234² + 1.693147²) = 2.760466…  → arrived 0.613355537, card 0.789806929
const docs = ['card lost', 'card card arrived', 'lost pin'];
const wordsOnly: TfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, word: { min: 1, max: 1 }, char: null, minDf: 1 };

describe('TfidfBlock', () => {
  const block = TfidfBlock.fit(docs.map((d) => d.split(' ')), 1, true);

  it('keeps the vocabulary in sorted order with smoothed idf', () => {
    expect([...block.vocabulary.entries()]).toEqual([['arrived', 0], ['card', 1], ['lost', 2], ['pin', 3]]);
    expect(block.idf[0]).toBeCloseTo(1.693147181, 6);
    expect(block.idf[1]).toBeCloseTo(1.287682072, 6);
    expect(block.idf[2]).toBeCloseTo(1.287682072, 6);
    expect(block.idf[3]).toBeCloseTo(1.693147181, 6);
  });

  it('weights a repeated term by 1 + ln tf and normalises to unit length', () => {
    const v = block.transform(['card', 'card', 'arrived']);
    expect([...v.indices]).toEqual([0, 1]);
    expect(v.values[0]).toBeCloseTo(0.613355537, 6);
    expect(v.values[1]).toBeCloseTo(0.789806929, 6);
  });

  it('uses raw counts when sublinear tf is off', () => {
    const raw = TfidfBlock.fit(docs.map((d) => d.split(' ')), 1, false);
    // card 2 × 1.287682 = 2.575364, arrived 1.693147; norm 3.082085 → 0.549351, 0.835592
    const v = raw.transform(['card', 'card', 'arrived']);
    expect(v.values[0]).toBeCloseTo(0.549351, 5);
    expect(v.values[1]).toBeCloseTo(0.835592, 5);
  });

  it('prunes terms below min-df and ignores unknown terms', () => {
    const pruned = TfidfBlock.fit(docs.map((d) => d.split(' ')), 2, true);
    expect([...pruned.vocabulary.keys()]).toEqual(['card', 'lost']);
    const v = pruned.transform(['lost', 'pin', 'unseen']);
    expect([...v.indices]).toEqual([1]);
    expect(v.values[0]).toBeCloseTo(1, 6);
    expect(pruned.transform(['unseen']).indices.length).toBe(0);
  });
});

describe('n-gram analysers', () => {
  it('makes word n-grams of every order in the range', () => {
    expect(wordNgrams(['a', 'b', 'c'], { min: 1, max: 2 })).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(() => wordNgrams(['a'], { min: 2, max: 1 })).toThrow(RangeError);
  });

  it('makes character n-grams inside space-padded words', () => {
    expect(charNgrams(['ab'], { min: 2, max: 3 })).toEqual([' a', 'ab', 'b ', ' ab', 'ab ']);
    expect(charNgrams(['a', 'b'], { min: 4, max: 4 })).toEqual([]);
  });

  it('makes ordered skip pairs beyond adjacent words', () => {
    expect(skipPairs(['a', 'b', 'c', 'd'], 3)).toEqual(['a ~ c', 'a ~ d', 'b ~ d']);
    expect(skipPairs(['a', 'b'], 1)).toEqual([]);
  });
});

describe('TfidfFeaturizer', () => {
  it('matches the block maths on normalised text (case and punctuation removed)', () => {
    const f = TfidfFeaturizer.fit(docs, wordsOnly);
    const v = f.transform('Card, CARD arrived!');
    expect(v.values[0]).toBeCloseTo(0.613355537, 6);
    expect(v.values[1]).toBeCloseTo(0.789806929, 6);
  });

  it('normalises each block, weights the character block and has unit norm overall', () => {
    const options: TfidfOptions = { ...wordsOnly, char: { min: 2, max: 3 }, charWeight: 2 };
    const f = TfidfFeaturizer.fit(docs, options);
    const v = f.transform('card lost');
    expect(l2Norm(v)).toBeCloseTo(1, 6);
    const wordPart = v.indices.reduce((s, j, i) => (j < f.word.size ? s + v.values[i]! ** 2 : s), 0);
    // Word block norm 1, char block norm 2, then the whole scaled to 1: word share 1 / (1 + 4).
    expect(wordPart).toBeCloseTo(1 / 5, 6);
    expect(f.dimension).toBe(f.word.size + f.char!.size);
  });

  it('gives an empty vector for empty or unknown text', () => {
    const f = TfidfFeaturizer.fit(docs, DEFAULT_TFIDF_OPTIONS);
    expect(f.transform('').indices.length).toBe(0);
    expect(f.transform('zzzz qqqq').indices.length).toBe(0);
  });

  it('returns from fitTransform the same vectors transform() gives', () => {
    const texts = [...docs, 'my card was lost', 'lost my card again'];
    const { featurizer, vectors } = TfidfFeaturizer.fitTransform(texts, { ...DEFAULT_TFIDF_OPTIONS, minDf: 1, pairWindow: 3 });
    texts.forEach((t, i) => {
      expect([...vectors[i]!.indices]).toEqual([...featurizer.transform(t).indices]);
      expect([...vectors[i]!.values]).toEqual([...featurizer.transform(t).values]);
    });
  });

  it('round-trips through JSON with identical vectors', () => {
    const f = TfidfFeaturizer.fit([...docs, 'my card was lost', 'new pin please'], { ...DEFAULT_TFIDF_OPTIONS, minDf: 1 });
    const back = TfidfFeaturizer.fromJSON(tfidfJsonSchema.parse(JSON.parse(JSON.stringify(f.toJSON()))));
    for (const text of ['lost card', 'pin arrived?', 'nothing known']) {
      const a = f.transform(text);
      const b = back.transform(text);
      expect([...b.indices]).toEqual([...a.indices]);
      expect([...b.values]).toEqual([...a.values]);
    }
  });
});
