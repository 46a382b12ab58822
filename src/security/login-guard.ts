// Slows down password guessing: after `maxFailures` failed sign-ins for one username within the window, that
// username is locked for `lockMinutes` (even the right password is refused until then). In memory, per process.
import { AppError } from '../app-error.js';

export interface LoginGuard {
  /** Throws 429 ACCOUNT_LOCKED (with retryAfterSeconds) while the username is locked. */
  check(username: string): void;
  failed(username: string): void;
  succeeded(username: string): void;
}

export class AccountLockedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('ACCOUNT_LOCKED', `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, { status: 429 });
  }
}

export function createLoginGuard(options: { maxFailures?: number; windowMinutes?: number; lockMinutes?: number; now?: () => number } = {}): LoginGuard {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = (options.windowMinutes ?? 15) * 60_000;
  const lockMs = (options.lockMinutes ?? 15) * 60_000;
  const now = options.now ?? Date.now;
  const state = new Map<string, { failures: number[]; lockedUntil: number }>();
  const key = (u: string) => u.trim().toLowerCase();
  return {
    check(username) {
      const s = state.get(key(username));
      if (s && s.lockedUntil > now()) throw new AccountLockedError(Math.ceil((s.lockedUntil - now()) / 1000));
    },
    failed(username) {
      const t = now();
      const s = state.get(key(username)) ?? { failures: [], lockedUntil: 0 };
      s.failures = [...s.failures.filter((f) => t - f < windowMs), t];
      if (s.failures.length >= maxFailures) {
        s.lockedUntil = t + lockMs;
        s.failures = [];
      }
      state.set(key(username), s);
    },
    succeeded(username) {
      state.delete(key(username));
    },
  };
}
