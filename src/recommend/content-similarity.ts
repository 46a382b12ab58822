// Content similarity on product descriptions: each item is a TF-IDF vector of its description's words and character
// 3-grams (within words, padded), L2-normalised. A customer's profile is the count-weighted sum of the vectors of
// what they bought; an item's score is its cosine to that profile. Scoring builds the profile in feature space and
// walks an inverted index (feature → items) over the profile's features only, so one request costs at most the
// catalogue's non-zeros however many items the customer bought — an item × item matrix would cost a full row per
// bought item (and 54 MB for this shop's 3,659 items). Reason: "similar to X you bought".
import type { Interactions } from './interactions.js';
import { BaseRecommender, type UserHistory } from './types.js';

export interface ContentOptions {
  /** Weight of the character 3-gram block relative to the word block (default 0.5). */
  charWeight?: number;
}

/** Word and character 3-gram features of a description, with term counts. */
export function descriptionFeatures(text: string): Map<string, number> {
  const features = new Map<string, number>();
  const add = (f: string): void => {
    features.set(f, (features.get(f) ?? 0) + 1);
  };
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  for (const w of words) {
    add(`w:${w}`);
    const padded = ` ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`);
  }
  return features;
}

interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** TF-IDF vectors ((1 + ln tf)·ln((1 + N)/(1 + df)) + 1 smoothing), word and char blocks each scaled, unit length. */
export function tfidfVectors(texts: readonly string[], charWeight = 0.5): SparseVector[] {
  const vocab = new Map<string, number>();
  const df: number[] = [];
  const counted = texts.map((t) => descriptionFeatures(t));
  for (const features of counted) {
    for (const f of features.keys()) {
      let id = vocab.get(f);
      if (id === undefined) {
        id = df.length;
        vocab.set(f, id);
        df.push(0);
      }
      df[id]! += 1;
    }
  }
  const n = texts.length;
  return counted.map((features) => {
    const ids: number[] = [];
    const weights: number[] = [];
    for (const [f, tf] of features) {
      const id = vocab.get(f)!;
      const idf = Math.log((1 + n) / (1 + df[id]!)) + 1;
      ids.push(id);
      weights.push((1 + Math.log(tf)) * idf * (f.startsWith('c:') ? charWeight : 1));
    }
    const norm = Math.hypot(...weights) || 1;
    return { ids: Int32Array.from(ids), weights: Float64Array.from(weights, (w) => w / norm) };
  });
}

/** Feature → (item, weight) postings of unit item vectors, in CSR form. */
interface InvertedIndex {
  ptr: Int32Array;
  items: Int32Array;
  weights: Float64Array;
}

export function invertedIndex(vectors: readonly SparseVector[], features: number): InvertedIndex {
  const ptr = new Int32Array(features + 1);
  for (const v of vectors) for (const id of v.ids) ptr[id + 1]! += 1;
  for (let f = 0; f < features; f++) ptr[f + 1]! += ptr[f]!;
  const fill = ptr.slice(0, features);
  const items = new Int32Array(ptr[features]!);
  const weights = new Float64Array(ptr[features]!);
  vectors.forEach((v, i) => v.ids.forEach((id, p) => {
    const at = fill[id]!++;
    items[at] = i;
    weights[at] = v.weights[p]!;
  }));
  return { ptr, items, weights };
}

export class ContentSimilarityRecommender extends BaseRecommender {
  readonly name = 'content';
  private vectors: SparseVector[] = [];
  private index: InvertedIndex = { ptr: new Int32Array(1), items: new Int32Array(0), weights: new Float64Array(0) };
  /** Scratch, one slot per feature: the profile while scoring, one item's vector while explaining. */
  private scratch = new Float64Array(0);
  private readonly charWeight: number;

  constructor(options: ContentOptions = {}) {
    super();
    this.charWeight = options.charWeight ?? 0.5;
  }

  protected train(data: Interactions): void {
    this.vectors = tfidfVectors(data.itemName, this.charWeight);
    const features = this.vectors.reduce((max, v) => v.ids.reduce((m, id) => Math.max(m, id + 1), max), 0);
    this.index = invertedIndex(this.vectors, features);
    this.scratch = new Float64Array(features);
  }

  /** Cosine similarity between two catalogue items' descriptions. */
  similarity(a: number, b: number): number {
    return this.withVector(a, (dot) => dot(b));
  }

  /** Runs use with a function giving item a's cosine to any item (a's vector scattered into the scratch meanwhile). */
  private withVector<T>(a: number, use: (dot: (b: number) => number) => T): T {
    const va = this.vectors[a]!;
    const { scratch } = this;
    va.ids.forEach((id, p) => (scratch[id] = va.weights[p]!));
    try {
      return use((b) => {
        const vb = this.vectors[b]!;
        let dot = 0;
        for (let p = 0; p < vb.ids.length; p++) dot += scratch[vb.ids[p]!]! * vb.weights[p]!;
        return dot;
      });
    } finally {
      for (const id of va.ids) scratch[id] = 0;
    }
  }

  scoreInto(history: UserHistory, out: Float64Array): void {
    out.fill(0);
    const { scratch: profile, index } = this;
    const touched: number[] = [];
    for (let e = 0; e < history.items.length; e++) {
      const v = this.vectors[history.items[e]!]!;
      const w = history.counts[e]!;
      for (let p = 0; p < v.ids.length; p++) {
        const f = v.ids[p]!;
        if (profile[f] === 0) touched.push(f);
        profile[f]! += w * v.weights[p]!;
      }
    }
    let norm2 = 0;
    for (const f of touched) {
      const pf = profile[f]!;
      norm2 += pf * pf;
      for (let q = index.ptr[f]!; q < index.ptr[f + 1]!; q++) out[index.items[q]!]! += pf * index.weights[q]!;
      profile[f] = 0;
    }
    if (norm2 <= 0) return;
    const inv = 1 / Math.sqrt(norm2);
    for (let i = 0; i < out.length; i++) out[i]! *= inv;
  }

  explain(history: UserHistory, item: number): string {
    let best = -1;
    let bestSim = 0;
    this.withVector(item, (dot) => {
      for (const j of history.items) {
        const s = j === item ? 0 : dot(j);
        if (s > bestSim) {
          bestSim = s;
          best = j;
        }
      }
    });
    return best >= 0 ? `similar to ${this.fitted.itemName[best]} you bought` : 'matches what you usually buy';
  }
}
