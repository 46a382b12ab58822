// The in-process event bus of the handoff: the service and the turn pipeline publish what happened to a conversation
// (queued, claimed, a message, released, closed …); the agent console's event streams and the queue notifier subscribe.
// Events carry ids only, never message text: a subscriber reads what it needs from the store.
// A short history lets a reconnecting stream replay what it missed (Last-Event-ID); when the id is unknown (older
// than the history, or from before a restart) the subscriber is told to resync from a fresh snapshot instead.
import { randomBytes } from 'node:crypto';

export type HandoffEventType =
  | 'queued'
  | 'claimed'
  | 'picked'
  | 'customer_message'
  | 'agent_message'
  | 'bot_turn'
  | 'released'
  | 'closed'
  | 'cancelled'
  | 'returned_to_queue'
  | 'note_added'
  | 'callback_requested';

export interface HandoffEvent {
  /** `<epoch>-<sequence>`: unique within the process, ordered by sequence. */
  id: string;
  type: HandoffEventType;
  conversationId: string;
  agent?: string;
  at: string;
}

export type HandoffEventInput = Omit<HandoffEvent, 'id' | 'at'>;
export type HandoffEventListener = (event: HandoffEvent) => void;

export interface HandoffEvents {
  publish(event: HandoffEventInput): HandoffEvent;
  /** Returns the unsubscribe function. */
  subscribe(listener: HandoffEventListener): () => void;
  /** Events after `lastId`, oldest first; null when `lastId` is not in the history (the caller must resync). */
  since(lastId: string): HandoffEvent[] | null;
  listenerCount(): number;
}

export const DEFAULT_HISTORY = 500;

export function createHandoffEvents(options: { history?: number; now?: () => Date; onListenerError?: (error: unknown) => void } = {}): HandoffEvents {
  const limit = options.history ?? DEFAULT_HISTORY;
  const now = options.now ?? (() => new Date());
  // A new epoch per process, so an id from before a restart is never mistaken for one of ours.
  const epoch = randomBytes(4).toString('hex');
  const listeners = new Set<HandoffEventListener>();
  const history: HandoffEvent[] = [];
  let sequence = 0;

  const parse = (id: string): number | null => {
    const [e, n] = id.split('-');
    const seq = Number(n);
    return e === epoch && Number.isInteger(seq) && seq >= 0 ? seq : null;
  };

  return {
    publish(input) {
      sequence += 1;
      const event: HandoffEvent = { ...input, id: `${epoch}-${sequence}`, at: now().toISOString() };
      history.push(event);
      if (history.length > limit) history.shift();
      // A failing subscriber must not stop the others nor the publisher (which is in the middle of a request).
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(lastId) {
      const seq = parse(lastId);
      if (seq === null || seq > sequence) return null;
      const oldest = history[0] ? (parse(history[0].id) ?? 0) : sequence + 1;
      // Everything after `seq` must still be in the history, else something was missed.
      if (seq + 1 < oldest) return null;
      return history.filter((e) => (parse(e.id) ?? 0) > seq);
    },
    listenerCount: () => listeners.size,
  };
}
