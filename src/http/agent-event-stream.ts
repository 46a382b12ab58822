// The agent console's live channel (Server-Sent Events): pushed from the handoff event bus, not polled.
// - `queue` events (a snapshot) carry the queue, the agent's own conversations and the bot conversations for the monitor; one
//   is sent on connect and after changes (several events close together make one snapshot).
// - `conversation` events say which conversation got a message or changed, so an open transcript reloads.
// - Every event has an `id`; a reconnecting browser sends Last-Event-ID and gets the conversation events it missed,
//   or a `resync` event when they are no longer in the history (then it reloads what it shows).
// - A comment line every `heartbeatMs` keeps proxies from closing an idle stream.
// The stream is also the agent's presence: its close starts the grace period (agent-presence.ts).
import type { Request, Response } from 'express';
import type { AgentPresence } from '../handoff/agent-presence.js';
import type { HandoffEvent, HandoffEvents } from '../handoff/handoff-events.js';

export const HEARTBEAT_MS = 20_000;
/** Changes within this window are sent as one snapshot. */
export const COALESCE_MS = 100;

export interface EventStreamDeps {
  events: HandoffEvents;
  presence?: AgentPresence;
  snapshot: (agent: string) => Promise<unknown>;
  heartbeatMs?: number;
}

const CONVERSATION_EVENTS = new Set<HandoffEvent['type']>(['customer_message', 'agent_message', 'bot_turn', 'note_added', 'claimed', 'picked', 'released', 'closed', 'cancelled', 'returned_to_queue', 'queued']);

export function streamAgentEvents(deps: EventStreamDeps, req: Request, res: Response, agent: string): void {
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  res.write('retry: 2000\n\n');

  let closed = false;
  let lastSignature = '';
  let lastId = '';
  let pending: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const send = (event: string, data: unknown, id?: string) => {
    if (closed) return;
    res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const sendSnapshot = async () => {
    try {
      const snapshot = await deps.snapshot(agent);
      const signature = JSON.stringify(snapshot, (key, value: unknown) => (key === 'waitedSeconds' ? undefined : value));
      if (signature === lastSignature) return;
      lastSignature = signature;
      send('queue', snapshot, lastId || undefined);
    } catch {
      // A failed read is retried on the next change; the stream stays open.
    }
  };
  const scheduleSnapshot = () => {
    if (pending || closed) return;
    pending = setTimeout(() => {
      pending = null;
      running = running.then(sendSnapshot);
    }, COALESCE_MS);
  };

  const onEvent = (event: HandoffEvent) => {
    lastId = event.id;
    if (CONVERSATION_EVENTS.has(event.type)) send('conversation', { conversationId: event.conversationId, type: event.type }, event.id);
    if (event.type !== 'agent_message' && event.type !== 'note_added') scheduleSnapshot();
  };
  const unsubscribe = deps.events.subscribe(onEvent);
  const disconnect = deps.presence?.connect(agent);

  const resumeFrom = req.get('last-event-id');
  if (resumeFrom) {
    const missed = deps.events.since(resumeFrom);
    if (missed === null) send('resync', { reason: 'missed events are no longer in the history' });
    else for (const event of missed) if (CONVERSATION_EVENTS.has(event.type)) send('conversation', { conversationId: event.conversationId, type: event.type }, event.id);
  }
  running = running.then(sendSnapshot);

  const heartbeat = setInterval(() => !closed && res.write(': heartbeat\n\n'), deps.heartbeatMs ?? HEARTBEAT_MS);
  res.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    if (pending) clearTimeout(pending);
    unsubscribe();
    disconnect?.();
  });
}
