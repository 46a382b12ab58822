import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/security/passwords.js';
import { createSessionTokens } from '../../src/security/session-tokens.js';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery!', hash)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('rejects malformed stored hashes', async () => {
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });
});

describe('session tokens', () => {
  const secret = 'a'.repeat(32);

  it('round-trips a session until it expires', () => {
    let now = 1_000_000;
    const tokens = createSessionTokens(secret, 10, () => now);
    const { token } = tokens.issue('ann', 'agent');
    expect(tokens.verify(token)).toEqual({ username: 'ann', role: 'agent', expiresAt: 1_000_000 + 600_000 });
    now += 600_000;
    expect(tokens.verify(token)).toBeNull();
  });

  it('rejects a tampered payload or another secret', () => {
    const tokens = createSessionTokens(secret, 10);
    const { token } = tokens.issue('ann', 'agent');
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'ann', role: 'admin', exp: Date.now() + 1e6 })).toString('base64url');
    expect(tokens.verify(`${forged}.${mac}`)).toBeNull();
    expect(createSessionTokens('b'.repeat(32), 10).verify(token)).toBeNull();
    expect(tokens.verify(`${body}`)).toBeNull();
    expect(tokens.verify('garbage.garbage')).toBeNull();
  });
});
