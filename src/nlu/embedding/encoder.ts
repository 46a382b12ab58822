// The sentence-encoder port and the pieces any implementation shares: mean pooling over the attention mask with
// L2 normalisation, a small LRU cache of embeddings, and a timeout around a call. No ML library is imported here.
import { AppError } from '../../app-error.js';

/** Turns texts into fixed-size, L2-normalised sentence embeddings (one per text, same order). */
export interface Encoder {
  readonly name: string;
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

/**
 * Mean of the token vectors whose mask is non-zero, scaled to unit length. `hidden` is [batch, seq, dim] row-major,
 * `mask` [batch, seq]. A row with no unmasked token (or all-zero vectors) comes back as zeros rather than NaN.
 */
export function meanPoolNormalised(hidden: ArrayLike<number>, dims: readonly number[], mask: ArrayLike<number | bigint>): Float32Array[] {
  const [batch, seq, dim] = dims;
  if (batch === undefined || seq === undefined || dim === undefined || dims.length !== 3) throw new RangeError(`expected [batch, seq, dim], got [${dims.join(', ')}]`);
  if (hidden.length !== batch * seq * dim || mask.length !== batch * seq) throw new RangeError('hidden state or mask does not match its dims');
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float64Array(dim);
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (Number(mask[b * seq + s]) === 0) continue;
      count += 1;
      const base = (b * seq + s) * dim;
      for (let d = 0; d < dim; d++) sum[d]! += hidden[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += sum[d]! * sum[d]!;
    norm = Math.sqrt(norm);
    // Dividing by the count is implied: the L2 normalisation removes any positive scale.
    out.push(Float32Array.from(sum, (v) => (count === 0 || norm === 0 ? 0 : v / norm)));
  }
  return out;
}

/** A least-recently-used map with a fixed capacity (Map keeps insertion order; a hit is re-inserted). */
export class LruCache<K, V> {
  private readonly items = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`cache capacity must be a non-negative integer, got ${capacity}`);
  }

  get size(): number {
    return this.items.size;
  }

  get(key: K): V | undefined {
    const value = this.items.get(key);
    if (value === undefined) return undefined;
    this.items.delete(key);
    this.items.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity === 0) return;
    this.items.delete(key);
    this.items.set(key, value);
    if (this.items.size > this.capacity) this.items.delete(this.items.keys().next().value as K);
  }
}

/** Rejects with AppError ENCODER_TIMEOUT when `work` has not settled within `ms` (the work itself is not cancelled). */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('ENCODER_TIMEOUT', `${what} took longer than ${ms} ms`, { status: 503 })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cosine similarity of two L2-normalised vectors (their dot product). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
