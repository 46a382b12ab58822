// What the agent console needs beyond the handoff API: the customer panel (insights + past interactions), the
// agent's own conversations, and a Server-Sent Events stream that says when the queue or those conversations change.
//
// Live updates are a server-side poll, not an event bus: every `pollMs` (2 s by default) the stream reads the queue
// and the agent's assigned conversations and sends a `queue` event only when that snapshot differs from the last one
// sent. It costs one queue read per open console per tick, and needs no hooks in the handoff service or the turn
// pipeline; an in-process emitter would be faster but would not see writes made by another process on the same store.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { CustomerInsights } from '../crm/types.js';
import type { HandoffService, QueueEntry } from '../handoff/handoff-service.js';
import type { Conversation, Store } from '../store/ports.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

/** Past interactions shown in the customer panel, newest first. */
export const PAST_INTERACTIONS = 20;
export const DEFAULT_EVENTS_POLL_MS = 2000;
/** A comment line now and then keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 25_000;

const paramsSchema = z.object({ id: z.string().min(1).max(100) });

export interface AgentConsoleDeps {
  store: Store;
  handoffs: HandoffService;
  insights: CustomerInsights;
  pollMs?: number;
}

export interface MyConversation {
  conversationId: string;
  channel: Conversation['channel'];
  customerId?: string;
  lastMessageAt: string;
}

export interface ConsoleSnapshot {
  queue: QueueEntry[];
  mine: MyConversation[];
}

function agentOf(req: Request): string {
  if (!req.session) throw new AppError('UNAUTHENTICATED', 'Sign in first.', { status: 401 });
  return req.session.username;
}

async function myConversations(store: Store, agent: string): Promise<MyConversation[]> {
  const assigned = await store.conversations.listByState('assigned', { limit: 500 });
  return assigned
    .filter((c) => c.assignedAgent === agent)
    .map((c) => ({ conversationId: c.id, channel: c.channel, ...(c.customerId ? { customerId: c.customerId } : {}), lastMessageAt: c.lastMessageAt }))
    .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
}

/** What counts as "changed": waiting time ticks every second, so it is left out of the comparison. */
function signature(snapshot: ConsoleSnapshot): string {
  return JSON.stringify({ queue: snapshot.queue.map(({ waitedSeconds: _w, ...rest }) => rest), mine: snapshot.mine });
}

export function agentConsoleRoutes(deps: AgentConsoleDeps): Router {
  const router = Router();
  const pollMs = deps.pollMs ?? DEFAULT_EVENTS_POLL_MS;
  const snapshotFor = async (agent: string): Promise<ConsoleSnapshot> => ({ queue: await deps.handoffs.queue(), mine: await myConversations(deps.store, agent) });

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
    const agent = agentOf(req);
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write(`retry: ${Math.max(pollMs, 1000)}\n\n`);

    let last = '';
    let busy = false;
    let closed = false;
    const tick = async () => {
      if (busy || closed) return;
      busy = true;
      try {
        const snapshot = await snapshotFor(agent);
        const sig = signature(snapshot);
        if (sig !== last && !closed) {
          last = sig;
          res.write(`event: queue\ndata: ${JSON.stringify(snapshot)}\n\n`);
        }
      } catch {
        // A failed read is retried on the next tick; the stream stays open.
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), pollMs);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    res.on('close', () => {
      closed = true;
      clearInterval(timer);
      clearInterval(keepalive);
    });
    void tick();
  });

  return router;
}
