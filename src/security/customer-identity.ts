// Signed customer identity for the web chat: the shop's own site, which has signed its customer in, vouches for them
// with a short-lived JSON Web Token (HS256, `sub` = the customer's id or e-mail, `exp` required) made with a secret it
// shares with Concierge (WEBCHAT_IDENTITY_SECRET). Any JWT library can make one; `npm run cli -- identity-token`
// makes one for testing. Only HS256 is accepted (no `alg: none`, no algorithm confusion), the signature is compared in
// constant time, and a token lives at most MAX_LIFETIME_SECONDS so a leaked one is not a permanent key to an account.
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { hmacSignature, signatureMatches } from './hmac-signature.js';

/** Tokens valid for longer than this are refused (the shop mints a fresh one per page view). */
export const MAX_LIFETIME_SECONDS = 24 * 60 * 60;
/** Clock difference tolerated between the shop's servers and ours. */
const CLOCK_SKEW_SECONDS = 60;

const headerSchema = z.object({ alg: z.literal('HS256'), typ: z.literal('JWT').optional() });
const claimsSchema = z.object({
  sub: z.string().trim().min(1).max(200),
  exp: z.number().int(),
  iat: z.number().int().optional(),
});

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function invalid(why: string): AppError {
  return new AppError('IDENTITY_INVALID', `The customer identity token ${why}; ask the shop's site for a fresh one.`, { status: 401 });
}

/** A token for `customerRef` valid for `lifetimeSeconds` from `now` (what the shop's back end does with its JWT library). */
export function signCustomerIdentity(customerRef: string, secret: string, options: { now?: Date; lifetimeSeconds?: number } = {}): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const lifetime = options.lifetimeSeconds ?? 15 * 60;
  if (!(lifetime > 0 && lifetime <= MAX_LIFETIME_SECONDS)) throw new AppError('USAGE', `a token lives between 1 second and ${MAX_LIFETIME_SECONDS / 3600} hours`, { status: 400 });
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: customerRef, iat, exp: iat + lifetime })}`;
  return `${input}.${hmacSignature(secret, input)}`;
}

function decodePart<T>(part: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`has an unreadable ${what}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalid(`has an invalid ${what} (${parsed.error.issues[0]?.path.join('.') || what}: ${parsed.error.issues[0]?.message ?? ''})`);
  return parsed.data;
}

/** The customer reference the token vouches for; IDENTITY_INVALID (401) for anything else. */
export function verifyCustomerIdentity(token: string, secret: string, now: Date = new Date()): string {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) throw invalid('is not a signed JWT');
  const [header, claims, signature] = parts as [string, string, string];
  decodePart(header, headerSchema, 'header');
  if (!signatureMatches(secret, `${header}.${claims}`, signature)) throw invalid('has a wrong signature');
  const { sub, exp, iat } = decodePart(claims, claimsSchema, 'payload');
  const seconds = now.getTime() / 1000;
  if (exp + CLOCK_SKEW_SECONDS < seconds) throw invalid('has expired');
  if (exp - (iat ?? seconds) > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS || exp - seconds > MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
    throw invalid(`lives longer than ${MAX_LIFETIME_SECONDS / 3600} hours`);
  }
  if (iat !== undefined && iat - CLOCK_SKEW_SECONDS > seconds) throw invalid('was issued in the future');
  return sub;
}
