// TF-IDF features over two blocks — word n-grams and character n-grams within word boundaries — with sublinear
// tf (1 + ln tf), smoothed idf (ln((1 + N) / (1 + df)) + 1, as scikit-learn), min-df pruning and L2 normalisation
// of each block before they are weighted, joined and normalised again. Featurising a short message costs a few
// hundred Map look-ups (tens of microseconds).
import { z } from 'zod';
import { base64ToFloat32, float32ToBase64 } from './float-codec.js';
import { stemToken } from '../text-normalise.js';
import { charNgrams, lexicalTokens, skipPairs, wordNgrams, type NgramRange } from './ngrams.js';
import { concat, normaliseInPlace, type SparseVector } from './sparse-vector.js';

export interface TfidfOptions {
  word: NgramRange;
  /** Character n-gram orders inside word boundaries; null turns the block off. */
  char: NgramRange | null;
  /** A term must occur in at least this many training documents to be kept. */
  minDf: number;
  sublinearTf: boolean;
  /** Relative weight of the character block after per-block normalisation (the word block has weight 1). */
  charWeight: number;
  /** Porter-stem words before the word block (the character block always sees the surface form). */
  stemWords: boolean;
  /** Ordered word pairs up to this distance join the word block (see skipPairs); 0 = none. */
  pairWindow: number;
}

export const DEFAULT_TFIDF_OPTIONS: TfidfOptions = { word: { min: 1, max: 2 }, char: { min: 2, max: 5 }, minDf: 2, sublinearTf: true, charWeight: 1, stemWords: false, pairWindow: 0 };

const rangeSchema = z.object({ min: z.number().int().min(1), max: z.number().int().min(1) });

export const tfidfOptionsSchema = z.object({
  word: rangeSchema,
  char: rangeSchema.nullable(),
  minDf: z.number().int().min(1),
  sublinearTf: z.boolean(),
  charWeight: z.number().positive(),
  stemWords: z.boolean(),
  pairWindow: z.number().int().min(0),
});

const blockSchema = z.object({ terms: z.array(z.string()), idf: z.string() });

export const tfidfJsonSchema = z.object({ options: tfidfOptionsSchema, word: blockSchema, char: blockSchema.nullable() });

export type TfidfJson = z.infer<typeof tfidfJsonSchema>;

/** One vocabulary with its idf weights. */
export class TfidfBlock {
  constructor(
    readonly vocabulary: ReadonlyMap<string, number>,
    readonly idf: Float32Array,
    readonly sublinearTf: boolean,
  ) {}

  /** Learns the vocabulary (terms with df ≥ minDf, in sorted order) and idf from documents given as term lists. */
  static fit(docs: readonly (readonly string[])[], minDf: number, sublinearTf: boolean): TfidfBlock {
    const df = new Map<string, number>();
    for (const terms of docs) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    const kept = [...df.entries()].filter(([, n]) => n >= minDf).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const vocabulary = new Map<string, number>();
    const idf = new Float32Array(kept.length);
    kept.forEach(([term, n], i) => {
      vocabulary.set(term, i);
      idf[i] = Math.log((1 + docs.length) / (1 + n)) + 1;
    });
    return new TfidfBlock(vocabulary, idf, sublinearTf);
  }

  get size(): number {
    return this.idf.length;
  }

  /** Terms in index order (the vocabulary Map keeps them so) and idf as base64 float32. */
  toJSON(): z.infer<typeof blockSchema> {
    return { terms: [...this.vocabulary.keys()], idf: float32ToBase64(this.idf) };
  }

  static fromJSON(json: z.infer<typeof blockSchema>, sublinearTf: boolean): TfidfBlock {
    const idf = base64ToFloat32(json.idf, json.terms.length);
    return new TfidfBlock(new Map(json.terms.map((t, i) => [t, i])), idf, sublinearTf);
  }

  /** The L2-normalised tf-idf vector of one document's terms; unknown terms are ignored. */
  transform(terms: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const t of terms) {
      const j = this.vocabulary.get(t);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const j = indices[i]!;
      const tf = counts.get(j)!;
      values[i] = (this.sublinearTf ? 1 + Math.log(tf) : tf) * this.idf[j]!;
    }
    const v = { indices, values };
    normaliseInPlace(v);
    return v;
  }
}

/** Word-block terms: n-grams of the (optionally stemmed) tokens plus skip pairs. */
function wordTerms(tokens: readonly string[], options: TfidfOptions): string[] {
  const words = options.stemWords ? tokens.map(stemToken) : tokens;
  const terms = wordNgrams(words, options.word);
  if (options.pairWindow > 1) terms.push(...skipPairs(words, options.pairWindow));
  return terms;
}

/** The word block followed by the character block, as one feature space of `dimension` columns. */
export class TfidfFeaturizer {
  constructor(
    readonly options: Readonly<TfidfOptions>,
    readonly word: TfidfBlock,
    readonly char: TfidfBlock | null,
  ) {}

  static fit(texts: readonly string[], options: TfidfOptions = DEFAULT_TFIDF_OPTIONS): TfidfFeaturizer {
    return TfidfFeaturizer.fitTransform(texts, options).featurizer;
  }

  /** fit() and the training texts' vectors in one pass (each text is tokenised once). */
  static fitTransform(texts: readonly string[], options: TfidfOptions = DEFAULT_TFIDF_OPTIONS): { featurizer: TfidfFeaturizer; vectors: SparseVector[] } {
    const tokens = texts.map(lexicalTokens);
    const wordDocs = tokens.map((t) => wordTerms(t, options));
    const range = options.char;
    const charDocs = range ? tokens.map((t) => charNgrams(t, range)) : null;
    const word = TfidfBlock.fit(wordDocs, options.minDf, options.sublinearTf);
    const char = charDocs ? TfidfBlock.fit(charDocs, options.minDf, options.sublinearTf) : null;
    const featurizer = new TfidfFeaturizer(options, word, char);
    return { featurizer, vectors: wordDocs.map((w, i) => featurizer.combine(w, charDocs?.[i] ?? [])) };
  }

  get dimension(): number {
    return this.word.size + (this.char?.size ?? 0);
  }

  toJSON(): TfidfJson {
    return { options: structuredClone(this.options), word: this.word.toJSON(), char: this.char?.toJSON() ?? null };
  }

  /** Restores a featuriser from parsed JSON; throws RangeError when the idf data and terms disagree. */
  static fromJSON(json: TfidfJson): TfidfFeaturizer {
    const { options } = json;
    if ((options.char === null) !== (json.char === null)) throw new RangeError('char block and char options disagree');
    const char = json.char ? TfidfBlock.fromJSON(json.char, options.sublinearTf) : null;
    return new TfidfFeaturizer(options, TfidfBlock.fromJSON(json.word, options.sublinearTf), char);
  }

  /** Features of one raw message: unit-norm overall; an empty or all-unknown message gives an empty vector. */
  transform(text: string): SparseVector {
    const tokens = lexicalTokens(text);
    return this.combine(wordTerms(tokens, this.options), this.options.char ? charNgrams(tokens, this.options.char) : []);
  }

  private combine(wordTermsOfText: readonly string[], charTermsOfText: readonly string[]): SparseVector {
    const w = this.word.transform(wordTermsOfText);
    if (!this.char) return w;
    const c = this.char.transform(charTermsOfText);
    for (let i = 0; i < c.values.length; i++) c.values[i]! *= this.options.charWeight;
    const joined = concat(w, c, this.word.size);
    normaliseInPlace(joined);
    return joined;
  }
}
