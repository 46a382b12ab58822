// Sign-in for staff: POST /api/auth/login → token (and an HttpOnly cookie for the pages), logout, who-am-I.
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import { createLoginGuard } from '../security/login-guard.js';
import type { SessionTokens } from '../security/session-tokens.js';
import { authenticate } from '../security/user-service.js';
import type { UserStore } from '../store/ports.js';
import { SESSION_COOKIE, requireRole } from './auth.js';
import { createRateLimiter } from './rate-limit.js';
import { parseInput } from './validation.js';

const loginSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export function authRoutes(deps: { users: UserStore; tokens: SessionTokens; logger: Logger }): Router {
  const router = Router();
  const guard = createLoginGuard();
  const perIp = createRateLimiter(30, 'sign-in attempts from your network address');

  router.post('/api/auth/login', async (req, res) => {
    perIp.take(req.ip ?? 'unknown');
    const { username, password } = parseInput(loginSchema, req.body, 'body');
    guard.check(username);
    const user = await authenticate(deps.users, username, password);
    if (!user) {
      guard.failed(username);
      deps.logger.warn('auth.login.failed', { ip: req.ip });
      throw new AppError('LOGIN_FAILED', 'Wrong username or password.', { status: 401 });
    }
    guard.succeeded(username);
    const { token, expiresAt } = deps.tokens.issue(user.username, user.role);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      expires: new Date(expiresAt),
    });
    deps.logger.info('auth.login.ok', { username: user.username, role: user.role });
    res.json({ token, expiresAt: new Date(expiresAt).toISOString(), username: user.username, role: user.role });
  });

  router.post('/api/auth/logout', (req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  router.get('/api/auth/me', requireRole('agent', 'manager', 'admin'), (req, res) => {
    res.json({ username: req.session?.username, role: req.session?.role, expiresAt: new Date(req.session?.expiresAt ?? 0).toISOString() });
  });

  return router;
}
