// What the agent console needs beyond the handoff API: the customer panel (insights + past interactions), the
// agent's own conversations, and a Server-Sent Events stream pushed from the handoff event bus
// (agent-event-stream.ts). The bus is in-process: several app processes on one store would each need their own
// consoles, or a shared bus (e.g. MongoDB change streams) in its place.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { CustomerInsights } from '../crm/types.js';
import type { AgentPresence } from '../handoff/agent-presence.js';
import type { HandoffEvents } from '../handoff/handoff-events.js';
import type { HandoffService, QueueEntry } from '../handoff/handoff-service.js';
import { monitoredConversations, myConversations, openCallbacks, type CallbackEntry, type MonitoredConversation, type MyConversation } from '../handoff/live-lists.js';
import type { AuditTrail } from '../security/audit-trail.js';
import type { Store } from '../store/ports.js';
import { streamAgentEvents } from './agent-event-stream.js';
import { agentOf } from './agent-routes.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

/** Past interactions shown in the customer panel, newest first. */
export const PAST_INTERACTIONS = 20;

const paramsSchema = z.object({ id: z.string().min(1).max(100) });

export interface AgentConsoleDeps {
  store: Store;
  handoffs: HandoffService;
  insights: CustomerInsights;
  events: HandoffEvents;
  presence?: AgentPresence;
  heartbeatMs?: number;
  now?: () => Date;
  /** Records each customer panel view (who looked at which customer). */
  audit?: Pick<AuditTrail, 'record'>;
}

export interface ConsoleSnapshot {
  queue: QueueEntry[];
  mine: MyConversation[];
  monitor: MonitoredConversation[];
  callbacks: CallbackEntry[];
}


export function agentConsoleRoutes(deps: AgentConsoleDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const snapshotFor = async (agent: string): Promise<ConsoleSnapshot> => ({
    queue: await deps.handoffs.queue(),
    mine: await myConversations(deps.store, agent),
    monitor: await monitoredConversations(deps.store, now()),
    callbacks: await openCallbacks(deps.store),
  });

  router.use('/api/agent', requireRole('agent', 'manager', 'admin'));

  router.get('/api/agent/mine', async (req, res) => {
    res.json({ conversations: await myConversations(deps.store, agentOf(req)) });
  });

  router.get('/api/agent/customers/:id/context', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const context = await deps.insights.contextFor(id);
    if (!context) throw new AppError('CUSTOMER_NOT_FOUND', 'No such customer.', { status: 404 });
    // Channel identities are how we link accounts, not something an agent needs to read.
    const { externalRefs: _refs, ...customer } = context.customer;
    const interactions = await deps.store.interactions.listByCustomer(id, PAST_INTERACTIONS);
    await deps.audit?.record(agentOf(req), 'customer.context.viewed', id);
    res.json({
      customer,
      orders: context.orders,
      churn: context.churn,
      recommendations: context.recommendations,
      ...(context.profile ? { profile: context.profile } : {}),
      interactions: interactions.map(({ id: iid, conversationId, channel, sender, agent, text, at, intent }) => ({
        id: iid,
        conversationId,
        channel,
        sender,
        ...(agent ? { agent } : {}),
        text,
        at,
        ...(intent ? { intent } : {}),
      })),
    });
  });

  router.get('/api/agent/events', (req: Request, res: Response) => {
    streamAgentEvents({ events: deps.events, presence: deps.presence, snapshot: snapshotFor, heartbeatMs: deps.heartbeatMs }, req, res, agentOf(req));
  });

  return router;
}
