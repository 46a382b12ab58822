// In-process token-bucket rate limiting: each key (an IP, a conversation) may spend `perMinute` requests a minute,
// refilled continuously, so one client cannot starve the others. A limit of 0 turns the limiter off.
import { AppError } from '../app-error.js';

export interface RateLimiter {
  /** Spends one request for `key`; throws AppError 429 (with retryAfterSeconds) when the bucket is empty. */
  take(key: string): void;
}

export class RateLimitError extends AppError {
  constructor(readonly retryAfterSeconds: number, what: string) {
    super('RATE_LIMITED', `Too many messages ${what}; please wait ${retryAfterSeconds} s and try again.`, { status: 429 });
  }
}

const MAX_KEYS = 100_000;

export function createRateLimiter(perMinute: number, what: string, now: () => number = Date.now): RateLimiter {
  if (perMinute <= 0) return { take: () => undefined };
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      if (bucket.tokens < 1) {
        buckets.set(key, bucket);
        throw new RateLimitError(Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)), what);
      }
      bucket.tokens -= 1;
      // Full buckets carry no information: drop them when the map grows, so memory stays bounded.
      if (buckets.size >= MAX_KEYS) for (const [k, b] of buckets) if (b.tokens + (t - b.at) * perMs >= perMinute) buckets.delete(k);
      buckets.set(key, bucket);
    },
  };
}
