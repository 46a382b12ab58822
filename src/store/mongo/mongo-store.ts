// The MongoDB store (official driver): for installs that outgrow one machine. Documents keep our `id` field (unique
// index) beside MongoDB's own ObjectId `_id`, which never leaves this file; indexes are created at start; compare-and-set uses findOneAndUpdate so it is atomic on any deployment.
import { MongoClient, type Collection, type Document, type Filter } from 'mongodb';
import { AppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import type {
  AuditEntry, Conversation, Customer, Handoff, Interaction, Order, Product, Store, User,
} from '../ports.js';

type Stored<T> = T;
const TIMEOUT_MS = 5000;

function strip<T>(doc: Document | null): T | null {
  if (!doc) return null;
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function upsertAll<T extends { id: string }>(c: Collection<Stored<T>>, docs: T[], key: (d: T) => string = (d) => d.id) {
  if (docs.length === 0) return { inserted: 0, updated: 0 };
  const result = await c.bulkWrite(
    docs.map((doc) => ({
      replaceOne: { filter: { id: key(doc) } as Filter<Stored<T>>, replacement: doc as Stored<T>, upsert: true },
    })),
    { ordered: false },
  );
  return { inserted: result.upsertedCount, updated: docs.length - result.upsertedCount };
}

/** Inserts only when no document has this id; the unique index backs it up under concurrency on real servers. */
async function insertNew<T extends { id: string }>(c: Collection<T>, doc: T): Promise<void> {
  const result = await c.updateOne({ id: doc.id } as Filter<T>, { $setOnInsert: doc as Partial<T> }, { upsert: true });
  if (result.upsertedCount === 0) throw new AppError('DUPLICATE_ID', `A document with id ${doc.id} already exists`, { status: 409 });
}

export async function createMongoStore(options: { uri: string; db: string; logger: Logger }): Promise<Store> {
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: TIMEOUT_MS,
    connectTimeoutMS: TIMEOUT_MS,
    socketTimeoutMS: 30_000,
    ignoreUndefined: true,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new AppError('STORE_UNAVAILABLE', `Cannot reach MongoDB: ${error instanceof Error ? error.message : String(error)}`, { status: 503, cause: error });
  }
  const db = client.db(options.db);
  const customers = db.collection<Stored<Customer>>('customers');
  const products = db.collection<Stored<Product>>('products');
  const orders = db.collection<Stored<Order>>('orders');
  const interactions = db.collection<Stored<Interaction>>('interactions');
  const conversations = db.collection<Stored<Conversation>>('conversations');
  const handoffs = db.collection<Stored<Handoff>>('handoffs');
  const users = db.collection<Stored<User>>('users');
  const audit = db.collection<Stored<AuditEntry>>('audit');

  await Promise.all([
    ...[customers, products, orders, interactions, conversations, handoffs, audit].map((c) => (c as unknown as Collection<Document>).createIndex({ id: 1 }, { unique: true })),
    users.createIndex({ username: 1 }, { unique: true }),
    customers.createIndex({ email: 1 }),
    customers.createIndex({ externalRefs: 1 }),
    orders.createIndex({ customerId: 1, placedAt: -1 }),
    interactions.createIndex({ conversationId: 1, id: 1 }),
    interactions.createIndex({ customerId: 1, id: -1 }),
    interactions.createIndex({ at: 1 }),
    conversations.createIndex({ state: 1, lastMessageAt: 1 }),
    handoffs.createIndex({ conversationId: 1 }),
    handoffs.createIndex({ endedAt: 1, requestedAt: 1 }),
    audit.createIndex({ customerId: 1, id: -1 }),
  ]);
  options.logger.info('store.mongo.open', { db: options.db });

  return {
    kind: 'mongo',
    customers: {
      get: async (id) => strip<Customer>(await customers.findOne({ id })),
      async findByRef(ref) {
        const r = ref.trim();
        return strip<Customer>(
          await customers.findOne({ $or: [{ id: r }, { email: { $regex: `^${escapeRegex(r)}$`, $options: 'i' } }, { externalRefs: r }] }),
        );
      },
      upsertMany: (docs) => upsertAll(customers, docs),
      async linkRef(id, ref) {
        await customers.updateOne({ id }, { $addToSet: { externalRefs: ref } });
      },
      list: async (page = {}) => (await customers.find({}).sort({ id: 1 }).skip(page.skip ?? 0).limit(page.limit ?? 0).toArray()).map((d) => strip<Customer>(d) as Customer),
      count: () => customers.countDocuments(),
    },
    products: {
      get: async (id) => strip<Product>(await products.findOne({ id })),
      getMany: async (ids) => (await products.find({ id: { $in: ids } }).toArray()).map((d) => strip<Product>(d) as Product),
      upsertMany: (docs) => upsertAll(products, docs),
      list: async (page = {}) => (await products.find({}).sort({ id: 1 }).skip(page.skip ?? 0).limit(page.limit ?? 0).toArray()).map((d) => strip<Product>(d) as Product),
      count: () => products.countDocuments(),
    },
    orders: {
      get: async (id) => strip<Order>(await orders.findOne({ id })),
      listByCustomer: async (customerId, limit = 50) =>
        (await orders.find({ customerId }).sort({ placedAt: -1, id: -1 }).limit(limit).toArray()).map((d) => strip<Order>(d) as Order),
      upsertMany: (docs) => upsertAll(orders, docs),
      count: () => orders.countDocuments(),
    },
    interactions: {
      async append(interaction) {
        await interactions.replaceOne({ id: interaction.id }, interaction, { upsert: true });
      },
      async listByConversation(conversationId, query = {}) {
        const filter: Filter<Stored<Interaction>> = { conversationId };
        if (query.after) filter.id = { $gt: query.after };
        if (query.senders) filter.sender = { $in: query.senders };
        const docs = await interactions.find(filter).sort({ id: 1 }).limit(query.limit ?? 0).toArray();
        return docs.map((d) => strip<Interaction>(d) as Interaction);
      },
      listByCustomer: async (customerId, limit = 50) =>
        (await interactions.find({ customerId }).sort({ id: -1 }).limit(limit).toArray()).map((d) => strip<Interaction>(d) as Interaction),
      count: (filter = {}) => interactions.countDocuments({ ...filter }),
    },
    conversations: {
      get: async (id) => strip<Conversation>(await conversations.findOne({ id })),
      create: (conversation) => insertNew(conversations, conversation),
      async update(id, patch, expect = {}) {
        const doc = await conversations.findOneAndUpdate({ id, ...expect } as Filter<Stored<Conversation>>, { $set: patch }, { returnDocument: 'after' });
        return strip<Conversation>(doc);
      },
      listByState: async (state, page = {}) =>
        (await conversations.find({ state }).sort({ lastMessageAt: 1 }).skip(page.skip ?? 0).limit(page.limit ?? 0).toArray()).map((d) => strip<Conversation>(d) as Conversation),
    },
    handoffs: {
      get: async (id) => strip<Handoff>(await handoffs.findOne({ id })),
      create: (handoff) => insertNew(handoffs, handoff),
      update: async (id, patch) => strip<Handoff>(await handoffs.findOneAndUpdate({ id }, { $set: patch }, { returnDocument: 'after' })),
      listOpen: async () => (await handoffs.find({ endedAt: { $exists: false } }).sort({ requestedAt: 1 }).toArray()).map((d) => strip<Handoff>(d) as Handoff),
      listByConversation: async (conversationId) =>
        (await handoffs.find({ conversationId }).sort({ requestedAt: 1 }).toArray()).map((d) => strip<Handoff>(d) as Handoff),
    },
    users: {
      get: async (username) => strip<User>(await users.findOne({ username })),
      async upsert(user) {
        await users.replaceOne({ username: user.username }, user, { upsert: true });
      },
      list: async () => (await users.find({}).sort({ id: 1 }).toArray()).map((d) => strip<User>(d) as User),
    },
    audit: {
      async append(entry) {
        await audit.insertOne(entry);
      },
      async list(filter = {}) {
        const query: Filter<Stored<AuditEntry>> = {};
        if (filter.customerId) query.customerId = filter.customerId;
        if (filter.actor) query.actor = filter.actor;
        return (await audit.find(query).sort({ id: -1 }).limit(filter.limit ?? 100).toArray()).map((d) => strip<AuditEntry>(d) as AuditEntry);
      },
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    async close() {
      await client.close();
    },
  };
}
