// Liveness (/healthz: the process answers) and readiness (/readyz: store reachable, models loaded).
import { Router } from 'express';

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; what it resolves to (e.g. the outbox depth) is reported beside the check. */
  check(): Promise<void | Record<string, unknown>>;
}

export function healthRoutes(checks: ReadinessCheck[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          const detail = await c.check();
          return { name: c.name, ok: true, ...(detail ? { detail } : {}) };
        } catch (error) {
          return { name: c.name, ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
  });
  return router;
}
