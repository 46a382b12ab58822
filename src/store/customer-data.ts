// Access and erasure over the collections, for both stores. A customer's data is their profile, their orders, every
// conversation that is theirs (by customer id, or because one of their messages is in it) with all its messages and
// handoffs, the training labels made from those messages, and the audit entries about them.
// Erasure deletes what only identifies them (the profile, conversations with their tokens and Teams references, labels
// holding their words) and anonymises what the business keeps for its figures: orders (sales), messages (intent and
// containment reports: text, entities and attached cards replaced), handoffs (queue statistics), audit entries.
// Where an id is kept it is the erasure id, a random reference with no link back to the person.
import type { StoreCollections } from './collection-store.js';
import type { CustomerData, CustomerDataStore, ErasureCounts, Handoff, Interaction } from './ports.js';

const ERASED_TEXT = '[erased]';
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function unique<T extends { id: string }>(docs: T[]): T[] {
  return [...new Map(docs.map((d) => [d.id, d])).values()].sort(byId);
}

export function customerDataPort(c: StoreCollections): CustomerDataStore {
  async function collect(customerId: string): Promise<CustomerData> {
    const [customer, orders, direct, owned, audit] = await Promise.all([
      c.customers.get(customerId),
      c.orders.find({ customerId }, { sort: { placedAt: 1, id: 1 } }),
      c.interactions.find({ customerId }),
      c.conversations.find({ customerId }),
      c.audit.find({ customerId }, { sort: { id: 1 } }),
    ]);
    const conversationIds = [...new Set([...owned.map((x) => x.id), ...direct.map((i) => i.conversationId)])];
    const [conversations, inConversations, handoffsByConversation, handoffsByCustomer] = await Promise.all([
      c.conversations.find({ id: { $in: conversationIds } }, { sort: { startedAt: 1, id: 1 } }),
      c.interactions.find({ conversationId: { $in: conversationIds } }),
      c.handoffs.find({ conversationId: { $in: conversationIds } }),
      c.handoffs.find({ customerId }),
    ]);
    const interactions = unique([...direct, ...inConversations]);
    const labels = await c.labels.find({ interactionId: { $in: interactions.map((i) => i.id) } }, { sort: { createdAt: 1, id: 1 } });
    return { customer, orders, conversations, interactions, handoffs: unique([...handoffsByConversation, ...handoffsByCustomer]), labels, audit };
  }

  async function erase(customerId: string, erasureId: string): Promise<ErasureCounts> {
    const data = await collect(customerId);
    const conversationIds = [...new Set([...data.conversations.map((x) => x.id), ...data.interactions.map((i) => i.conversationId)])];
    // Messages of one conversation stay together under an alias, so per-conversation figures still add up.
    const alias = new Map(conversationIds.map((id, n) => [id, `${erasureId}:${n + 1}`]));
    const anonymousInteraction = (i: Interaction): Interaction => ({
      id: i.id,
      conversationId: alias.get(i.conversationId) ?? erasureId,
      channel: i.channel,
      sender: i.sender,
      ...(i.agent ? { agent: i.agent } : {}),
      text: ERASED_TEXT,
      at: i.at,
      ...(i.intent !== undefined ? { intent: i.intent } : {}),
      ...(i.confidence !== undefined ? { confidence: i.confidence } : {}),
      ...(i.ranking ? { ranking: i.ranking } : {}),
      ...(i.action !== undefined ? { action: i.action } : {}),
      ...(i.latencyMs !== undefined ? { latencyMs: i.latencyMs } : {}),
      ...(i.inReplyTo ? { inReplyTo: i.inReplyTo } : {}),
      ...(i.offer ? { offer: i.offer } : {}),
    });
    const anonymousHandoff = (h: Handoff): Handoff => ({
      id: h.id,
      conversationId: alias.get(h.conversationId) ?? erasureId,
      trigger: h.trigger,
      reason: ERASED_TEXT,
      priority: h.priority,
      requestedAt: h.requestedAt,
      ...(h.claimedAt ? { claimedAt: h.claimedAt } : {}),
      ...(h.agent ? { agent: h.agent } : {}),
      ...(h.endedAt ? { endedAt: h.endedAt } : {}),
      ...(h.outcome ? { outcome: h.outcome } : {}),
    });
    await c.orders.upsertMany(data.orders.map((o) => ({ ...o, customerId: erasureId })));
    await c.interactions.upsertMany(data.interactions.map(anonymousInteraction));
    await c.handoffs.upsertMany(data.handoffs.map(anonymousHandoff));
    await c.audit.upsertMany(data.audit.map((e) => ({ id: e.id, at: e.at, actor: e.actor, action: e.action, customerId: erasureId })));
    const labelsDeleted = data.labels.length > 0 ? await c.labels.deleteMany({ id: { $in: data.labels.map((l) => l.id) } }) : 0;
    const conversationsDeleted = conversationIds.length > 0 ? await c.conversations.deleteMany({ id: { $in: conversationIds } }) : 0;
    const customers = await c.customers.deleteMany({ id: customerId });
    return {
      customers,
      ordersAnonymised: data.orders.length,
      conversationsDeleted,
      interactionsAnonymised: data.interactions.length,
      handoffsAnonymised: data.handoffs.length,
      labelsDeleted,
      auditAnonymised: data.audit.length,
    };
  }

  return { collect, erase };
}
