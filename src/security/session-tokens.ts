// Stateless session tokens for staff: base64url(JSON payload) + "." + HMAC-SHA256, with an expiry.
import { z } from 'zod';
import { hmacSignature, signatureMatches } from './hmac-signature.js';
import type { Role } from '../store/ports.js';

const payloadSchema = z.object({
  sub: z.string(),
  role: z.enum(['agent', 'manager', 'admin']),
  exp: z.number(),
});

export interface Session {
  username: string;
  role: Role;
  expiresAt: number;
}

export interface SessionTokens {
  issue(username: string, role: Role): { token: string; expiresAt: number };
  verify(token: string): Session | null;
}

export function createSessionTokens(secret: string, ttlMinutes: number, now: () => number = Date.now): SessionTokens {
  return {
    issue(username, role) {
      const expiresAt = now() + ttlMinutes * 60_000;
      const body = Buffer.from(JSON.stringify({ sub: username, role, exp: expiresAt })).toString('base64url');
      return { token: `${body}.${hmacSignature(secret, body)}`, expiresAt };
    },
    verify(token) {
      const [body, mac] = token.split('.');
      if (!body || !mac || !signatureMatches(secret, body, mac)) return null;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success || parsed.data.exp <= now()) return null;
      return { username: parsed.data.sub, role: parsed.data.role, expiresAt: parsed.data.exp };
    },
  };
}
