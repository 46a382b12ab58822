// The customer profile API for staff: GET /api/customers/:id/profile (agents, managers, admins). Every view is
// written to the audit trail (who looked at which customer), because a profile is personal data.
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { CustomerProfile } from '../crm/types.js';
import type { AuditTrail } from '../security/audit-trail.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

export interface CustomerProfileReader {
  profileFor(customerId: string): Promise<CustomerProfile | null>;
}

export interface CustomerRoutesDeps {
  profiles: CustomerProfileReader;
  audit: Pick<AuditTrail, 'record'>;
}

/** Customer ids as the importers write them: letters, digits and a few separators (e.g. "17850", "9237-HQITU"). */
export const customerIdSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'not a customer id');
const paramsSchema = z.object({ id: customerIdSchema });

export function customerRoutes(deps: CustomerRoutesDeps): Router {
  const router = Router();

  router.get('/api/customers/:id/profile', requireRole('agent', 'manager', 'admin'), async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const profile = await deps.profiles.profileFor(id);
    if (!profile) throw new AppError('CUSTOMER_NOT_FOUND', 'No such customer.', { status: 404 });
    await deps.audit.record(req.session!.username, 'customer.profile.view', id);
    res.set('Cache-Control', 'no-store').json(profile);
  });

  return router;
}
