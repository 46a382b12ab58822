// Keeps waiting customers informed: when someone ahead of them leaves the queue (claimed or taken out), each
// customer whose place improved is told their new place and a fresh wait estimate. Listens to the event bus; the
// work runs one batch at a time so two quick events cannot tell a customer the same thing twice.
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import { notifyCustomer, type SendToChannel } from './customer-notice.js';
import type { HandoffDesk } from './handoff-desk.js';
import type { HandoffEvent, HandoffEvents } from './handoff-events.js';
import { listWaiting, positionSentence } from './handoff-queue.js';

export interface QueueNotifier {
  /** Resolves when the updates triggered so far have been written (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
}

const LEFT_QUEUE = new Set<HandoffEvent['type']>(['claimed', 'cancelled', 'closed', 'released']);

export function startQueueNotifier(deps: { store: Store; events: HandoffEvents; desk?: HandoffDesk; sendToChannel?: SendToChannel; logger?: Logger; now?: () => Date }): QueueNotifier {
  const now = deps.now ?? (() => new Date());
  /** The place each waiting conversation was last told. */
  const told = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();

  async function refresh(): Promise<void> {
    const waiting = await listWaiting(deps.store);
    const still = new Set(waiting.map((w) => w.conversation.id));
    for (const id of [...told.keys()]) if (!still.has(id)) told.delete(id);
    for (const [index, { conversation }] of waiting.entries()) {
      const position = index + 1;
      const before = told.get(conversation.id);
      told.set(conversation.id, position);
      if (before === undefined || position >= before) continue;
      const estimate = deps.desk ? ` ${(await deps.desk.estimate(position)).text}` : '';
      await notifyCustomer(deps, conversation, `Update: ${positionSentence(position)}${estimate}`, 'queue_update', now());
    }
  }

  const unsubscribe = deps.events.subscribe((event) => {
    if (event.type !== 'queued' && event.type !== 'returned_to_queue' && !LEFT_QUEUE.has(event.type)) return;
    chain = chain.then(refresh).catch((err: unknown) => deps.logger?.error('handoff.queue_notifier.failed', { err }));
  });

  return { idle: () => chain, stop: unsubscribe };
}
