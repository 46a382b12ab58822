// HTTP surface for support agents: the queue, a conversation's transcript, claim, talk, hand back, close, and
// cancel (take a waiting conversation out of the queue).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { HandoffService } from '../handoff/handoff-service.js';
import type { AuditTrail } from '../security/audit-trail.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

export const MAX_AGENT_MESSAGE_CHARS = 2000;

const paramsSchema = z.object({ id: z.string().min(1).max(100) });
const messageSchema = z.object({
  text: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_AGENT_MESSAGE_CHARS, `at most ${MAX_AGENT_MESSAGE_CHARS} characters`)
    .refine((t) => t.trim() !== '', 'must not be blank'),
});
const outcome = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9_-]+$/, 'lower-case letters, digits, dash, underscore (e.g. resolved)');
const closeSchema = z.object({ outcome });
/** Handing back may carry the agent's outcome too (e.g. resolved); without one it is recorded as returned_to_bot. */
const releaseSchema = z.object({ outcome: outcome.optional() });

/** requireRole ran first, so the session is there; the check keeps the type honest. */
export function agentOf(req: Request): string {
  if (!req.session) throw new AppError('UNAUTHENTICATED', 'Sign in first.', { status: 401 });
  return req.session.username;
}

/** Without a trail (unit tests of other parts), staff actions simply go unrecorded. */
const NO_AUDIT: Pick<AuditTrail, 'recordConversation'> = { recordConversation: async () => undefined };

export function agentRoutes(handoffs: HandoffService, audit: Pick<AuditTrail, 'recordConversation'> = NO_AUDIT): Router {
  const router = Router();
  router.use('/api/agent', requireRole('agent', 'manager', 'admin'));

  router.get('/api/agent/queue', async (_req, res) => {
    res.json({ queue: await handoffs.queue() });
  });

  router.get('/api/agent/conversations/:id', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const transcript = await handoffs.transcript(id);
    await audit.recordConversation(agentOf(req), 'conversation.transcript.viewed', id);
    res.json(transcript);
  });

  router.post('/api/agent/conversations/:id/claim', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const claimed = await handoffs.claim(id, agentOf(req));
    await audit.recordConversation(agentOf(req), 'handoff.claimed', id);
    res.json(claimed);
  });

  router.post('/api/agent/conversations/:id/messages', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const { text } = parseInput(messageSchema, req.body, 'body');
    const message = await handoffs.sendAgentMessage(id, agentOf(req), text);
    await audit.recordConversation(agentOf(req), 'handoff.message.sent', id, { chars: text.length });
    res.status(201).json({ message });
  });

  router.post('/api/agent/conversations/:id/release', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const { outcome: chosen } = parseInput(releaseSchema, req.body ?? {}, 'body');
    const released = await handoffs.release(id, agentOf(req), chosen);
    await audit.recordConversation(agentOf(req), 'handoff.released', id, chosen ? { outcome: chosen } : undefined);
    res.json(released);
  });

  router.post('/api/agent/conversations/:id/cancel', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const cancelled = await handoffs.cancel(id, agentOf(req));
    await audit.recordConversation(agentOf(req), 'handoff.cancelled', id);
    res.json(cancelled);
  });

  router.post('/api/agent/conversations/:id/close', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const { outcome } = parseInput(closeSchema, req.body, 'body');
    const closed = await handoffs.close(id, agentOf(req), outcome);
    await audit.recordConversation(agentOf(req), 'handoff.closed', id, { outcome });
    res.json(closed);
  });

  return router;
}
