// The agent console's working tools: the monitor of live bot conversations (and taking one over), suggested replies,
// notes on a handoff, and the callback requests customers left out of hours.
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { HandoffService } from '../handoff/handoff-service.js';
import { markCallbackDone, monitoredConversations, openCallbacks } from '../handoff/live-lists.js';
import type { SuggestReplies } from '../handoff/suggested-replies.js';
import type { AuditTrail } from '../security/audit-trail.js';
import type { Store } from '../store/ports.js';
import { agentOf } from './agent-routes.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

export const MAX_NOTE_CHARS = 1000;

const paramsSchema = z.object({ id: z.string().min(1).max(100) });
const noteSchema = z.object({
  text: z
    .string()
    .max(MAX_NOTE_CHARS, `at most ${MAX_NOTE_CHARS} characters`)
    .refine((t) => t.trim() !== '', 'must not be blank')
    .transform((t) => t.trim()),
});

export interface AgentDeskDeps {
  store: Store;
  handoffs: HandoffService;
  suggestReplies?: SuggestReplies;
  now?: () => Date;
  /** Records take-overs, notes and finished callbacks (who changed which customer's conversation). */
  audit?: Pick<AuditTrail, 'record' | 'recordConversation'>;
}


export function agentDeskRoutes(deps: AgentDeskDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  router.use('/api/agent', requireRole('agent', 'manager', 'admin'));

  router.get('/api/agent/monitor', async (_req, res) => {
    res.json({ conversations: await monitoredConversations(deps.store, now()) });
  });

  router.post('/api/agent/conversations/:id/pick', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const picked = await deps.handoffs.pick(id, agentOf(req));
    await deps.audit?.recordConversation(agentOf(req), 'handoff.picked', id);
    res.json(picked);
  });

  router.get('/api/agent/conversations/:id/suggestions', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    res.json({ suggestions: deps.suggestReplies ? await deps.suggestReplies(id) : [] });
  });

  router.post('/api/agent/conversations/:id/notes', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const { text } = parseInput(noteSchema, req.body, 'body');
    const handoff = await deps.handoffs.addNote(id, agentOf(req), text);
    await deps.audit?.recordConversation(agentOf(req), 'handoff.note.added', id, { chars: text.length });
    res.status(201).json({ notes: handoff.notes ?? [] });
  });

  router.get('/api/agent/callbacks', async (_req, res) => {
    res.json({ callbacks: await openCallbacks(deps.store) });
  });

  router.post('/api/agent/callbacks/:id/done', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const done = await markCallbackDone(deps.store, id, agentOf(req), now());
    if (!done) throw new AppError('CALLBACK_NOT_FOUND', 'No open callback request with this id.', { status: 404 });
    await deps.audit?.record(agentOf(req), 'callback.done', done.customerId, { handoffId: id });
    res.json({ handoff: done });
  });

  return router;
}
