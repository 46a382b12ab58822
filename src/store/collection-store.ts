// The store ports, written once over DocumentCollection: every query, sort order and default lives here, so the
// embedded store and the MongoDB store cannot drift apart (the contract suite checks both).
import { AppError } from '../app-error.js';
import type { CollectionSpec } from './collection-spec.js';
import { collectionSpecs, emailKey } from './collections.js';
import type { DocumentCollection, Filter } from './document-collection.js';
import type { FieldCipher } from '../security/field-encryption.js';
import { withCipher } from './sealed-collections.js';
import { customerDataPort } from './customer-data.js';
import type {
  AuditEntry, Conversation, Customer, Handoff, Interaction, Order, Product, Store, TrainingLabel, User,
} from './ports.js';

export interface StoreCollections {
  customers: DocumentCollection<Customer>;
  products: DocumentCollection<Product>;
  orders: DocumentCollection<Order>;
  interactions: DocumentCollection<Interaction>;
  conversations: DocumentCollection<Conversation>;
  handoffs: DocumentCollection<Handoff>;
  users: DocumentCollection<User>;
  audit: DocumentCollection<AuditEntry>;
  labels: DocumentCollection<TrainingLabel>;
}

/** How a store opens one collection (NeDB file, MongoDB collection with its indexes). */
export type OpenCollection = <T>(spec: CollectionSpec<T>) => Promise<DocumentCollection<T>>;

/** Opens all nine collections, then rewrites documents stored before a derived lookup field existed. */
export async function openCollections(open: OpenCollection, cipher?: FieldCipher): Promise<StoreCollections> {
  const s = cipher ? withCipher(collectionSpecs, cipher) : collectionSpecs;
  const [customers, products, orders, interactions, conversations, handoffs, users, audit, labels] = await Promise.all([
    open(s.customers), open(s.products), open(s.orders), open(s.interactions),
    open(s.conversations), open(s.handoffs), open(s.users), open(s.audit), open(s.labels),
  ]);
  const collections = { customers, products, orders, interactions, conversations, handoffs, users, audit, labels };
  await upgrade(s.customers, customers);
  return collections;
}

async function upgrade<T>(spec: CollectionSpec<T>, collection: DocumentCollection<T>): Promise<void> {
  const field = spec.derived?.fields[0];
  if (!field) return;
  const legacy = await collection.find({ [field]: { $exists: false } });
  if (legacy.length > 0) await collection.upsertMany(legacy);
}

const DEFAULT_HISTORY = 50;
const DEFAULT_AUDIT = 100;

/** Equality on every defined field; an undefined filter value means "any", never "missing". */
function defined(filter: Record<string, unknown>): Filter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

export function storeFromCollections(kind: Store['kind'], c: StoreCollections, lifecycle: Pick<Store, 'ping' | 'close'>, cipher?: FieldCipher): Store {
  // Under encryption an address is stored as an HMAC under the current key, or an old one until rotate-keys has run,
  // or in the clear if it was written before encryption was switched on: any of them identifies the customer.
  const byEmail = (ref: string): Filter => (cipher ? { emailKey: { $in: [...cipher.lookupCandidates(emailKey(ref)), emailKey(ref)] } } : { emailKey: emailKey(ref) });
  return {
    kind,
    customers: {
      get: (id) => c.customers.get(id),
      async findByRef(ref) {
        const r = ref.trim();
        if (!r) return null;
        // In order of certainty: an exact id, then an e-mail address, then a linked channel identity.
        return (await c.customers.get(r)) ?? (await c.customers.findOne(byEmail(r))) ?? (await c.customers.findOne({ externalRefs: r }));
      },
      upsertMany: (docs) => c.customers.upsertMany(docs),
      async linkRef(id, ref) {
        // One channel identity must lead to one customer, or findByRef would pick between them arbitrarily.
        const owner = await c.customers.findOne({ externalRefs: ref });
        if (owner && owner.id !== id) throw new AppError('REF_IN_USE', 'This identity is linked to another customer', { status: 409 });
        const linked = await c.customers.update({ id }, { addToSet: { externalRefs: ref } });
        if (!linked) throw new AppError('NOT_FOUND', `No customer ${id}`, { status: 404 });
      },
      list: (page = {}) => c.customers.find({}, { sort: { id: 1 }, ...page }),
      count: () => c.customers.count(),
      // The expected updatedAt in the filter of one atomic update is the compare-and-set (email's lookup field is untouched).
      setRetention: (id, retention, expectUpdatedAt, updatedAt) => c.customers.update({ id, updatedAt: expectUpdatedAt }, { patch: { retention, updatedAt } }),
    },
    products: {
      get: (id) => c.products.get(id),
      getMany: (ids) => c.products.getMany(ids),
      upsertMany: (docs) => c.products.upsertMany(docs),
      list: (page = {}) => c.products.find({}, { sort: { id: 1 }, ...page }),
      count: () => c.products.count(),
    },
    orders: {
      get: (id) => c.orders.get(id),
      listByCustomer: (customerId, limit = DEFAULT_HISTORY) => c.orders.find({ customerId }, { sort: { placedAt: -1, id: -1 }, limit }),
      upsertMany: (docs) => c.orders.upsertMany(docs),
      count: () => c.orders.count(),
      list: (page = {}) => c.orders.find({}, { sort: { id: 1 }, ...page }),
      aggregate: (pipeline) => c.orders.aggregate(pipeline),
    },
    interactions: {
      async append(interaction) {
        await c.interactions.upsert(interaction);
      },
      async appendMany(interactions) {
        await c.interactions.upsertMany(interactions);
      },
      listByConversation(conversationId, query = {}) {
        const filter: Filter = { conversationId };
        if (query.after !== undefined) filter.id = { $gt: query.after };
        if (query.senders) filter.sender = { $in: query.senders };
        return c.interactions.find(filter, { sort: { id: 1 }, limit: query.limit });
      },
      listByCustomer: (customerId, limit = DEFAULT_HISTORY) => c.interactions.find({ customerId }, { sort: { id: -1 }, limit }),
      count: (filter = {}) => c.interactions.count(defined(filter)),
      aggregate: (pipeline) => c.interactions.aggregate(pipeline),
    },
    conversations: {
      get: (id) => c.conversations.get(id),
      create: (conversation) => c.conversations.insert(conversation),
      update(id, patch, expect = {}) {
        // The expected fields go into the filter of one atomic update: that is the compare-and-set.
        // An expected value of undefined means "the field is absent" (e.g. no agent assigned).
        const filter: Filter = { id };
        for (const [field, value] of Object.entries(expect)) filter[field] = value === undefined ? { $exists: false } : value;
        return c.conversations.update(filter, { patch });
      },
      listByState: (state, page = {}) => c.conversations.find({ state }, { sort: { lastMessageAt: 1, id: 1 }, ...page }),
      listRecent: (state, since, limit) => c.conversations.find({ state, lastMessageAt: { $gt: since } }, { sort: { lastMessageAt: -1, id: -1 }, limit }),
      aggregate: (pipeline) => c.conversations.aggregate(pipeline),
    },
    handoffs: {
      get: (id) => c.handoffs.get(id),
      create: (handoff) => c.handoffs.insert(handoff),
      update: (id, patch) => c.handoffs.update({ id }, { patch }),
      listOpen: () => c.handoffs.find({ endedAt: { $exists: false } }, { sort: { requestedAt: 1, id: 1 } }),
      listByConversation: (conversationId) => c.handoffs.find({ conversationId }, { sort: { requestedAt: 1, id: 1 } }),
      listEnded: (limit) => c.handoffs.find({ endedAt: { $exists: true } }, { sort: { endedAt: -1, id: -1 }, limit }),
      aggregate: (pipeline) => c.handoffs.aggregate(pipeline),
    },
    users: {
      get: (username) => c.users.get(username),
      async upsert(user) {
        await c.users.upsert(user);
      },
      list: () => c.users.find({}, { sort: { username: 1 } }),
    },
    audit: {
      async append(entry) {
        // Idempotent by id, so a retried append never writes the entry twice.
        await c.audit.upsert(entry);
      },
      list: (filter = {}) =>
        c.audit.find(defined({ customerId: filter.customerId, actor: filter.actor }), { sort: { id: -1 }, limit: filter.limit ?? DEFAULT_AUDIT }),
    },
    labels: {
      async add(label) {
        await c.labels.upsert(label);
      },
      list: () => c.labels.find({}, { sort: { createdAt: 1, id: 1 } }),
      remove: async (id) => (await c.labels.deleteMany({ id })) > 0,
    },
    customerData: customerDataPort(c),
    ping: () => lifecycle.ping(),
    close: () => lifecycle.close(),
  };
}
