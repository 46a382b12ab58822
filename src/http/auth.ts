// Staff authentication for the HTTP layer: Bearer token or session cookie, role checks, CSRF guard for cookies.
import type { Request, RequestHandler } from 'express';
import { AppError } from '../app-error.js';
import type { Session, SessionTokens } from '../security/session-tokens.js';
import type { Role } from '../store/ports.js';

export const SESSION_COOKIE = 'concierge_session';

declare module 'express-serve-static-core' {
  interface Request {
    session?: Session;
    sessionVia?: 'bearer' | 'cookie';
  }
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // not valid percent-encoding: no session, rather than a 500
    }
  }
  return undefined;
}

/** Attaches `req.session` when a valid token is presented; never rejects by itself. */
export function sessionReader(tokens: SessionTokens): RequestHandler {
  return (req, _res, next) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const token = bearer ?? readCookie(req, SESSION_COOKIE);
    const session = token ? tokens.verify(token) : null;
    if (session) {
      req.session = session;
      req.sessionVia = bearer ? 'bearer' : 'cookie';
    }
    next();
  };
}

/** Cookie-authenticated writes must come from our own pages: the Origin (or Referer) host must be ours. */
function sameOrigin(req: Request): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host === req.headers.host;
  } catch {
    return false;
  }
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.session) throw new AppError('UNAUTHENTICATED', 'Sign in first.', { status: 401 });
    if (!roles.includes(req.session.role)) throw new AppError('FORBIDDEN', 'Your role cannot do this.', { status: 403 });
    const writes = !['GET', 'HEAD', 'OPTIONS'].includes(req.method);
    if (writes && req.sessionVia === 'cookie' && !sameOrigin(req)) {
      throw new AppError('CSRF_REJECTED', 'Cross-site request refused.', { status: 403 });
    }
    next();
  };
}
