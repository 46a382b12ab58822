// The store as the customer's turn sees it: when the store is down or slow, the turn carries on with less instead of
// failing. Reads the turn can do without answer "nothing known" (no profile → no personalisation, no order lookup);
// interactions and new conversations go to the durable outbox; conversation-state updates are kept in a small
// in-process cache (they are bookkeeping, and losing one must not cost the customer their answer). Errors that are not
// outages (a wrong document, a duplicate id) pass through unchanged.
import { AsyncLocalStorage } from 'node:async_hooks';
import { isAppError } from '../app-error.js';
import type { CustomerInsights } from '../crm/types.js';
import type { Reply } from '../dialogue/types.js';
import type { Logger } from '../logger.js';
import type { Conversation, Interaction, Store } from '../store/ports.js';
import type { OutboxDrainer } from './outbox-drainer.js';
import type { FileOutbox } from './outbox.js';
import { isOutage } from './store-guard.js';

const CACHE_LIMIT = 10_000;

export interface DegradedStoreOptions {
  store: Store;
  outbox: FileOutbox;
  drainer: OutboxDrainer;
  logger: Logger;
}

export function degradedTurnStore(options: DegradedStoreOptions): Store {
  const { store, outbox, drainer, logger } = options;
  const cache = new Map<string, Conversation>();
  const remember = (conversation: Conversation | null) => {
    if (!conversation) return conversation;
    cache.delete(conversation.id);
    cache.set(conversation.id, conversation);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    return conversation;
  };

  /** Runs a store call; on an outage logs the degradation and returns what `fallback` gives instead. */
  async function orElse<R>(what: string, call: () => Promise<R>, fallback: () => R): Promise<R> {
    try {
      return await call();
    } catch (error) {
      if (!isOutage(error)) throw error;
      // An unexpected error (not STORE_UNAVAILABLE / STORE_TIMEOUT) is treated as an outage, so no write is lost,
      // but logged as an error so that a bug does not hide behind degraded answers.
      if (isAppError(error)) logger.warn('store.degraded', { what, code: error.code });
      else logger.error('store.degraded', { what, err: error });
      degradedReads.getStore()?.add(what);
      return fallback();
    }
  }

  return {
    ...store,
    customers: {
      ...store.customers,
      get: (id) => orElse('customers.get', () => store.customers.get(id), () => null),
      findByRef: (ref) => orElse('customers.findByRef', () => store.customers.findByRef(ref), () => null),
    },
    orders: {
      ...store.orders,
      get: (id) => orElse('orders.get', () => store.orders.get(id), () => null),
      listByCustomer: (id, limit) => orElse('orders.listByCustomer', () => store.orders.listByCustomer(id, limit), () => []),
    },
    interactions: {
      ...store.interactions,
      async append(interaction: Interaction) {
        await orElse('interactions.append', () => store.interactions.append(interaction), () => {
          outbox.add({ kind: 'interaction', doc: interaction });
          drainer.kick();
        });
      },
      // A turn's message and replies go in one write; when it fails they wait in the outbox together.
      async appendMany(interactions: Interaction[]) {
        await orElse('interactions.appendMany', () => store.interactions.appendMany(interactions), () => {
          for (const interaction of interactions) outbox.add({ kind: 'interaction', doc: interaction });
          drainer.kick();
        });
      },
      async listByConversation(conversationId, query = {}) {
        const stored = await orElse('interactions.listByConversation', () => store.interactions.listByConversation(conversationId, query), () => []);
        // Messages still in the outbox are part of the conversation the customer sees.
        const waiting = outbox.interactionsOf(conversationId).filter((i) => (query.after === undefined || i.id > query.after)
          && (!query.senders || query.senders.includes(i.sender)) && !stored.some((s) => s.id === i.id));
        if (waiting.length === 0) return stored;
        const merged = [...stored, ...waiting].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return query.limit ? merged.slice(0, query.limit) : merged;
      },
      count: (filter) => orElse('interactions.count', () => store.interactions.count(filter), () => 0),
    },
    handoffs: {
      ...store.handoffs,
      // The turn asks whether a callback offer is open; with the store away there is none it could act on.
      listByConversation: (id) => orElse('handoffs.listByConversation', () => store.handoffs.listByConversation(id), () => []),
    },
    conversations: {
      ...store.conversations,
      // A conversation created during an outage is in the outbox until delivered; without this a turn arriving in
      // between would create it again (without its token hash) and the outbox copy would then be dropped as a duplicate.
      get: (id) =>
        orElse('conversations.get', async () => remember((await store.conversations.get(id)) ?? outbox.conversation(id) ?? null), () => cache.get(id) ?? outbox.conversation(id) ?? null),
      async create(conversation) {
        await orElse('conversations.create', () => store.conversations.create(conversation), () => {
          outbox.add({ kind: 'conversation', doc: conversation });
          drainer.kick();
        });
        remember(conversation);
      },
      update: (id, patch, expect) =>
        orElse('conversations.update', async () => remember(await store.conversations.update(id, patch, expect)), () => {
          const known = cache.get(id) ?? outbox.conversation(id);
          // The compare-and-set still holds against what this process knows.
          const matches = known && Object.entries(expect ?? {}).every(([field, value]) => known[field as keyof Conversation] === value);
          return known && matches ? remember({ ...known, ...patch }) : null;
        }),
    },
  };
}

/** Customer context that turns into "no context" during an outage, so the reply is simply not personalised. */
export function degradedInsights(insights: CustomerInsights, logger: Logger): CustomerInsights {
  return {
    async contextFor(customerId) {
      try {
        return await insights.contextFor(customerId);
      } catch (error) {
        if (!isOutage(error)) throw error;
        logger.warn('store.degraded', { what: 'insights.contextFor' });
        return null;
      }
    },
    // Answered from the in-memory recommender, so it needs no store and passes straight through.
    ...(insights.boughtTogether ? { boughtTogether: insights.boughtTogether.bind(insights) } : {}),
  };
}

/** The store reads that fell back during the current turn (the turn runs inside `trackDegradation`). */
const degradedReads = new AsyncLocalStorage<Set<string>>();

export function currentDegradedReads(): ReadonlySet<string> {
  return degradedReads.getStore() ?? new Set();
}

/** Runs every turn with its own record of degraded reads, so the pipeline can tell "unknown" from "unreachable". */
export function trackDegradation<A extends unknown[], R>(handle: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => degradedReads.run(new Set(), () => handle(...args));
}

/** Said instead of "please sign in" when the customer did identify themselves but their account could not be read. */
export const accountUnavailableReply: Reply = {
  text: "I can't open your account details just now, so I can't look that up this minute. Your message is saved — please ask me again in a few minutes.",
};
