// Content similarity on product descriptions: each item is a TF-IDF vector of its description's words and character
// 3-grams (within words, padded), L2-normalised. A customer's profile is the count-weighted sum of the vectors of
// what they bought; an item's score is its cosine to that profile. Because item vectors are unit length,
// cos(profile, v_i) = Σ_j w_j·S_ji / |profile| with S the item-item cosine matrix, so S is computed once (dense
// Float32Array) and scoring is a weighted row sum. Reason: "similar to X you bought".
import type { Interactions } from './interactions.js';
import { BaseRecommender, type UserHistory } from './types.js';

export interface ContentOptions {
  /** Weight of the character 3-gram block relative to the word block (default 0.5). */
  charWeight?: number;
  /**
   * At most this many of the customer's items (most bought, then most recent) make the profile (default 200): the
   * heaviest wholesale accounts have ~1,800 distinct items, which would cost ~30 ms per request; 95% have ≤ 200.
   */
  maxProfileItems?: number;
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

/** Dense cosine matrix of unit vectors via an inverted index. */
export function cosineMatrix(vectors: readonly SparseVector[]): Float32Array<ArrayBuffer> {
  const n = vectors.length;
  const postings = new Map<number, Array<[number, number]>>();
  vectors.forEach((v, i) => v.ids.forEach((id, p) => {
    const list = postings.get(id);
    if (list) list.push([i, v.weights[p]!]);
    else postings.set(id, [[i, v.weights[p]!]]);
  }));
  const sims = new Float32Array(n * n);
  for (const list of postings.values()) {
    for (const [i, wi] of list) {
      const row = i * n;
      for (const [j, wj] of list) sims[row + j]! += wi * wj;
    }
  }
  return sims;
}

export class ContentSimilarityRecommender extends BaseRecommender {
  readonly name = 'content';
  private sims: Float32Array = new Float32Array(0);
  private n = 0;
  private readonly charWeight: number;
  private readonly maxProfileItems: number;

  constructor(options: ContentOptions = {}) {
    super();
    this.charWeight = options.charWeight ?? 0.5;
    this.maxProfileItems = options.maxProfileItems ?? 200;
  }

  /** Positions in the history of the items that make the profile. */
  private profileEntries(history: UserHistory): number[] {
    const entries = Array.from({ length: history.items.length }, (_, e) => e);
    if (entries.length <= this.maxProfileItems) return entries;
    return entries
      .sort((a, b) => history.counts[b]! - history.counts[a]! || history.lastTimes[b]! - history.lastTimes[a]! || a - b)
      .slice(0, this.maxProfileItems);
  }

  protected train(data: Interactions): void {
    this.n = data.items.length;
    this.sims = cosineMatrix(tfidfVectors(data.itemName, this.charWeight));
  }

  /** Cosine similarity between two catalogue items' descriptions. */
  similarity(a: number, b: number): number {
    return this.sims[a * this.n + b]!;
  }

  scoreInto(history: UserHistory, out: Float64Array): void {
    out.fill(0);
    const { n, sims } = this;
    const entries = this.profileEntries(history);
    let norm2 = 0;
    for (const e of entries) {
      const j = history.items[e]!;
      const w = history.counts[e]!;
      const row = j * n;
      for (let i = 0; i < n; i++) out[i]! += w * sims[row + i]!;
      for (const f of entries) norm2 += w * history.counts[f]! * sims[row + history.items[f]!]!;
    }
    if (norm2 <= 0) return;
    const inv = 1 / Math.sqrt(norm2);
    for (let i = 0; i < n; i++) out[i]! *= inv;
  }

  explain(history: UserHistory, item: number): string {
    let best = -1;
    let bestSim = 0;
    for (const e of this.profileEntries(history)) {
      const j = history.items[e]!;
      const s = j === item ? 0 : this.similarity(j, item);
      if (s > bestSim) {
        bestSim = s;
        best = j;
      }
    }
    return best >= 0 ? `similar to ${this.fitted.itemName[best]} you bought` : 'matches what you usually buy';
  }
}
