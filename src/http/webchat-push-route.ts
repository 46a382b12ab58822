// A live push for the web chat: a Server-Sent Events stream per conversation that says "there is something new"
// when an agent writes, joins or leaves, so the page fetches it at once instead of on its next poll. It carries no
// message text (the page still reads messages through the token-checked history endpoint, which also remains the
// fallback when the stream is down). The token comes in the X-Conversation-Token header, never in the URL.
import { Router } from 'express';
import { z } from 'zod';
import type { WebChatChannel } from '../channels/webchat/webchat-channel.js';
import type { HandoffEvent, HandoffEvents } from '../handoff/handoff-events.js';
import type { RateLimiter } from './rate-limit.js';
import { parseInput } from './validation.js';

const paramsSchema = z.object({ id: z.string().min(1).max(100) });
const HEARTBEAT_MS = 20_000;
/** What the customer's page should fetch for: agent activity (bot turns are answered in the POST already). */
const FOR_CUSTOMER = new Set<HandoffEvent['type']>(['agent_message', 'claimed', 'picked', 'released', 'closed', 'returned_to_queue']);

export function webChatPushRoute(deps: { channel: WebChatChannel; events: HandoffEvents; perIp: RateLimiter; heartbeatMs?: number }): Router {
  const router = Router();
  router.get('/api/web/conversations/:id/events', async (req, res) => {
    deps.perIp.take(req.ip ?? 'unknown');
    const { id } = parseInput(paramsSchema, req.params, 'params');
    await deps.channel.authorise(id, req.get('x-conversation-token'));
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 5000\n\n');
    const unsubscribe = deps.events.subscribe((event) => {
      if (event.conversationId === id && FOR_CUSTOMER.has(event.type)) res.write(`id: ${event.id}\nevent: message\ndata: {"type":"${event.type}"}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return router;
}
