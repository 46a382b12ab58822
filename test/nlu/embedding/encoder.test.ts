// Mean pooling with L2 normalisation, the LRU cache and the timeout, against hand-computed values.
import { describe, expect, it } from 'vitest';
import { LruCache, meanPoolNormalised, withTimeout } from '../../../src/nlu/embedding/encoder.js';

describe('meanPoolNormalised', () => {
  it('averages only unmasked tokens and scales to unit length', () => {
    // batch 2, seq 3, dim 2
    const hidden = [1, 0, 3, 4, 100, 100, 0, 2, 0, 0, 0, 0];
    const [a, b] = meanPoolNormalised(hidden, [2, 3, 2], [1, 1, 0, 1, 0, 0]);
    // mean of (1,0),(3,4) = (2,2) → (0.7071, 0.7071); the third token is padding
    expect(a![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(a![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect([...b!]).toEqual([0, 1]);
  });

  it('returns zeros for a fully masked row and rejects mismatched dims', () => {
    expect([...meanPoolNormalised([1, 1], [1, 1, 2], [0n])[0]!]).toEqual([0, 0]);
    expect(() => meanPoolNormalised([1, 2, 3], [1, 1, 2], [1])).toThrow(RangeError);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
  });
});

describe('withTimeout', () => {
  it('passes results through and turns a hang into ENCODER_TIMEOUT', async () => {
    await expect(withTimeout(Promise.resolve(5), 50, 'x')).resolves.toBe(5);
    await expect(withTimeout(new Promise(() => undefined), 10, 'hanging call')).rejects.toMatchObject({ code: 'ENCODER_TIMEOUT' });
  });
});
