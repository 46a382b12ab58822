// Signed web chat identities: what the shop's site signs is believed, anything altered, expired, unsigned or signed
// with another algorithm is refused with IDENTITY_INVALID.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_LIFETIME_SECONDS, signCustomerIdentity, verifyCustomerIdentity } from '../../src/security/customer-identity.js';

const secret = 'a-shared-secret-of-at-least-32-chars!';
const now = new Date('2026-11-23T12:00:00Z');
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** A JWT assembled by hand as RFC 7519 describes (what any JWT library produces). */
function jwt(header: unknown, claims: unknown, key = secret): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}
const seconds = now.getTime() / 1000;

describe('customer identity tokens', () => {
  it('verifies what it signs and what any HS256 JWT library signs', () => {
    expect(verifyCustomerIdentity(signCustomerIdentity('12628', secret, { now }), secret, now)).toBe('12628');
    expect(verifyCustomerIdentity(jwt({ alg: 'HS256', typ: 'JWT' }, { sub: 'jane@example.com', exp: seconds + 600 }), secret, now)).toBe('jane@example.com');
  });

  it('checks the signature of a published example token and then refuses it for having no expiry', () => {
    // jwt.io's HS256 example, signed with "your-256-bit-secret".
    const example = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(() => verifyCustomerIdentity(example, 'your-256-bit-secret', now)).toThrow(/invalid payload \(exp/);
    expect(() => verifyCustomerIdentity(example, secret, now)).toThrow(/wrong signature/);
  });

  it('refuses altered, foreign, unsigned and malformed tokens', () => {
    const good = signCustomerIdentity('12628', secret, { now });
    const [h, , sig] = good.split('.');
    const cases: [string, RegExp][] = [
      [`${h}.${b64({ sub: '12347', exp: seconds + 600 })}.${sig}`, /wrong signature/],
      [signCustomerIdentity('12628', 'another-secret-also-32-characters-long', { now }), /wrong signature/],
      [jwt({ alg: 'none' }, { sub: '12628', exp: seconds + 600 }), /invalid header/],
      [`${b64({ alg: 'none' })}.${b64({ sub: '12628', exp: seconds + 600 })}.`, /not a signed JWT/],
      [jwt({ alg: 'HS512' }, { sub: '12628', exp: seconds + 600 }), /invalid header/],
      ['not-a-token', /not a signed JWT/],
      [jwt({ alg: 'HS256' }, { sub: '', exp: seconds + 600 }), /invalid payload \(sub/],
      [jwt({ alg: 'HS256' }, { sub: 12628, exp: seconds + 600 }), /invalid payload \(sub/],
    ];
    for (const [token, error] of cases) {
      expect(() => verifyCustomerIdentity(token, secret, now), token).toThrow(error);
    }
  });

  it('refuses expired, long-lived and future tokens, allowing a minute of clock skew', () => {
    const at = (claims: Record<string, number>) => () => verifyCustomerIdentity(jwt({ alg: 'HS256' }, { sub: '12628', ...claims }), secret, now);
    expect(at({ exp: seconds - 120 })).toThrow(/expired/);
    expect(at({ exp: seconds - 30 })()).toBe('12628');
    expect(at({ iat: seconds, exp: seconds + MAX_LIFETIME_SECONDS + 3600 })).toThrow(/lives longer/);
    expect(at({ exp: seconds + MAX_LIFETIME_SECONDS + 3600 })).toThrow(/lives longer/);
    expect(at({ iat: seconds + 600, exp: seconds + 1200 })).toThrow(/issued in the future/);
    expect(() => signCustomerIdentity('12628', secret, { lifetimeSeconds: MAX_LIFETIME_SECONDS + 1 })).toThrow(/between 1 second and 24 hours/);
  });

  it('answers with a 401 error a client can show', () => {
    try {
      verifyCustomerIdentity('a.b.c', secret, now);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'IDENTITY_INVALID', status: 401 });
    }
  });
});
