// Stateless session tokens for staff: base64url(JSON payload) + "." + HMAC-SHA256, with an expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
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
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  return {
    issue(username, role) {
      const expiresAt = now() + ttlMinutes * 60_000;
      const body = Buffer.from(JSON.stringify({ sub: username, role, exp: expiresAt })).toString('base64url');
      return { token: `${body}.${sign(body)}`, expiresAt };
    },
    verify(token) {
      const [body, mac] = token.split('.');
      if (!body || !mac) return null;
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
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
