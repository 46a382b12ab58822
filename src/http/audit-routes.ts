// GET /api/audit for admins: the audit trail filtered by customer and/or actor, newest first.
import { Router } from 'express';
import { z } from 'zod';
import type { AuditTrail } from '../security/audit-trail.js';
import type { AuditStore } from '../store/ports.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

export const MAX_AUDIT_ENTRIES = 1000;

const querySchema = z.strictObject({
  customerId: z.string().trim().min(1).max(100).optional(),
  actor: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_ENTRIES).default(100),
});

export function auditRoutes(deps: { audit: AuditStore; trail: AuditTrail }): Router {
  const router = Router();
  router.get('/api/audit', requireRole('admin'), async (req, res) => {
    const filter = parseInput(querySchema, req.query, 'query');
    const entries = await deps.audit.list(filter);
    // Reading the trail is itself a look at customers' records.
    await deps.trail.record(req.session?.username ?? 'unknown', 'audit.viewed', filter.customerId, { ...(filter.actor ? { actor: filter.actor } : {}), entries: entries.length });
    res.json({ entries });
  });
  return router;
}
