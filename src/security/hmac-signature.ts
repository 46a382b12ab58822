// HMAC-SHA256 signatures as base64url text, checked in constant time: one implementation for the staff session
// tokens (session-tokens.ts) and the web chat's customer identity tokens (customer-identity.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const hmacSignature = (secret: string, input: string): string => createHmac('sha256', secret).update(input).digest('base64url');

/** Whether `signature` is input's HMAC-SHA256 under secret, compared without leaking where they differ. */
export function signatureMatches(secret: string, input: string, signature: string): boolean {
  const expected = Buffer.from(hmacSignature(secret, input));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
