// The default store: NeDB files under DATA_DIR, one per collection. Zero set-up; survives kill -9 of the process
// for every acknowledged write (NeDB appends to its file before it calls back). Power loss is not covered (no fsync).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../logger.js';
import type {
  AuditEntry, Conversation, Customer, Handoff, Interaction, Order, Product, Store, User,
} from '../ports.js';
import { NedbCollection, type Query } from './nedb-collection.js';

const upsertAll = <T extends { id: string }>(c: NedbCollection<T>, docs: T[]) => c.replaceMany(docs.map((doc) => ({ id: doc.id, doc })));
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function createEmbeddedStore(options: { dataDir: string; logger: Logger }): Promise<Store> {
  mkdirSync(options.dataDir, { recursive: true });
  const open = <T extends object>(name: string, indexes: string[]) => NedbCollection.open<T>(join(options.dataDir, `${name}.db`), indexes);
  const [customers, products, orders, interactions, conversations, handoffs, users, audit] = await Promise.all([
    open<Customer>('customers', ['email', 'externalRefs']),
    open<Product>('products', []),
    open<Order>('orders', ['customerId']),
    open<Interaction>('interactions', ['conversationId', 'customerId']),
    open<Conversation>('conversations', ['state']),
    open<Handoff>('handoffs', ['conversationId']),
    open<User>('users', []),
    open<AuditEntry>('audit', ['customerId']),
  ]);
  const all = [customers, products, orders, interactions, conversations, handoffs, users, audit];
  options.logger.info('store.embedded.open', { dataDir: options.dataDir });

  return {
    kind: 'embedded',
    customers: {
      get: (id) => customers.get(id),
      async findByRef(ref) {
        const trimmed = ref.trim();
        return (
          (await customers.get(trimmed)) ??
          (await customers.findOne({ email: { $regex: new RegExp(`^${escapeRegex(trimmed)}$`, 'i') } })) ??
          (await customers.findOne({ externalRefs: trimmed }))
        );
      },
      upsertMany: (docs) => upsertAll(customers, docs),
      async linkRef(id, ref) {
        await customers.updateWhere({ _id: id }, { $addToSet: { externalRefs: ref } });
      },
      list: (page = {}) => customers.find({}, { sort: { _id: 1 }, ...page }),
      count: () => customers.count(),
    },
    products: {
      get: (id) => products.get(id),
      getMany: (ids) => products.find({ _id: { $in: ids } }),
      upsertMany: (docs) => upsertAll(products, docs),
      list: (page = {}) => products.find({}, { sort: { _id: 1 }, ...page }),
      count: () => products.count(),
    },
    orders: {
      get: (id) => orders.get(id),
      listByCustomer: (customerId, limit = 50) => orders.find({ customerId }, { sort: { placedAt: -1, _id: -1 }, limit }),
      upsertMany: (docs) => upsertAll(orders, docs),
      count: () => orders.count(),
    },
    interactions: {
      async append(interaction) {
        await interactions.replace(interaction.id, interaction);
      },
      listByConversation(conversationId, query = {}) {
        const filter: Query = { conversationId };
        if (query.after) filter._id = { $gt: query.after };
        if (query.senders) filter.sender = { $in: query.senders };
        return interactions.find(filter, { sort: { _id: 1 }, limit: query.limit });
      },
      listByCustomer: (customerId, limit = 50) => interactions.find({ customerId }, { sort: { _id: -1 }, limit }),
      count: (filter = {}) => interactions.count({ ...filter }),
    },
    conversations: {
      get: (id) => conversations.get(id),
      create: (conversation) => conversations.insert(conversation.id, conversation),
      update: (id, patch, expect = {}) => conversations.updateWhere({ _id: id, ...expect }, { $set: patch }),
      listByState: (state, page = {}) => conversations.find({ state }, { sort: { lastMessageAt: 1 }, ...page }),
    },
    handoffs: {
      get: (id) => handoffs.get(id),
      create: (handoff) => handoffs.insert(handoff.id, handoff),
      update: (id, patch) => handoffs.updateWhere({ _id: id }, { $set: patch }),
      listOpen: () => handoffs.find({ endedAt: { $exists: false } }, { sort: { requestedAt: 1 } }),
      listByConversation: (conversationId) => handoffs.find({ conversationId }, { sort: { requestedAt: 1 } }),
    },
    users: {
      get: (username) => users.get(username),
      async upsert(user) {
        await users.replace(user.username, user);
      },
      list: () => users.find({}, { sort: { _id: 1 } }),
    },
    audit: {
      async append(entry) {
        await audit.insert(entry.id, entry);
      },
      list(filter = {}) {
        const query: Query = {};
        if (filter.customerId) query.customerId = filter.customerId;
        if (filter.actor) query.actor = filter.actor;
        return audit.find(query, { sort: { _id: -1 }, limit: filter.limit ?? 100 });
      },
    },
    async ping() {
      await users.count();
    },
    async close() {
      await Promise.all(all.map((c) => c.compact()));
    },
  };
}
