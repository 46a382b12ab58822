import { expect, it } from 'vitest';
import { createLoginGuard } from '../../src/security/login-guard.js';

it('locks after repeated failures within the window and unlocks after the lock time', () => {
  let t = 0;
  const guard = createLoginGuard({ maxFailures: 3, windowMinutes: 10, lockMinutes: 5, now: () => t });
  guard.failed('Ann');
  t += 11 * 60_000; // the first failure falls out of the window
  guard.failed('ann');
  guard.failed('ann');
  expect(() => guard.check('ann')).not.toThrow();
  guard.failed('ANN');
  expect(() => guard.check('ann')).toThrow(expect.objectContaining({ code: 'ACCOUNT_LOCKED', retryAfterSeconds: 300 }));
  t += 5 * 60_000;
  expect(() => guard.check('ann')).not.toThrow();
  guard.failed('bob');
  guard.succeeded('bob');
  guard.failed('bob');
  guard.failed('bob');
  expect(() => guard.check('bob')).not.toThrow();
});
