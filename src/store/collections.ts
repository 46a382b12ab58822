// The nine collections of the product, as both stores keep them: names, keys, schemas and the indexes the
// queries in collection-store.ts rely on.
import type { CollectionSpec } from './collection-spec.js';
import type { AuditEntry, Conversation, Customer, Handoff, Interaction, Order, Product, TrainingLabel, User } from './ports.js';
import {
  auditEntrySchema, trainingLabelSchema, conversationSchema, customerSchema, handoffSchema, interactionSchema, orderSchema, productSchema, userSchema,
} from './schemas.js';

/** E-mail addresses are matched case-insensitively through this stored, indexed form (a regex could use no index). */
export const emailKey = (email: string): string => email.trim().toLowerCase();

export interface CollectionSpecs {
  customers: CollectionSpec<Customer>;
  products: CollectionSpec<Product>;
  orders: CollectionSpec<Order>;
  interactions: CollectionSpec<Interaction>;
  conversations: CollectionSpec<Conversation>;
  handoffs: CollectionSpec<Handoff>;
  users: CollectionSpec<User>;
  audit: CollectionSpec<AuditEntry>;
  labels: CollectionSpec<TrainingLabel>;
}

export const collectionSpecs: CollectionSpecs = {
  customers: {
    name: 'customers',
    key: 'id',
    schema: customerSchema,
    indexes: [['emailKey'], ['externalRefs']],
    // With a data key the lookup field holds a keyed HMAC of the normalised address, never the address itself.
    derived: { fields: ['emailKey'], compute: (c, cipher) => ({ emailKey: c.email ? (cipher ? cipher.lookup(emailKey(c.email)) : emailKey(c.email)) : null }) },
    sealed: ['name', 'email', 'phone'],
  },
  products: { name: 'products', key: 'id', schema: productSchema, indexes: [] },
  orders: { name: 'orders', key: 'id', schema: orderSchema, indexes: [['customerId', 'placedAt']] },
  interactions: {
    name: 'interactions',
    key: 'id',
    schema: interactionSchema,
    indexes: [['conversationId', 'id'], ['customerId', 'id'], ['at']],
    opaque: ['payload'],
  },
  conversations: {
    name: 'conversations',
    key: 'id',
    schema: conversationSchema,
    indexes: [['state', 'lastMessageAt']],
    opaque: ['reference'],
  },
  handoffs: { name: 'handoffs', key: 'id', schema: handoffSchema, indexes: [['conversationId'], ['endedAt', 'requestedAt'], ['requestedAt']] },
  users: { name: 'users', key: 'username', schema: userSchema, indexes: [] },
  audit: {
    name: 'audit',
    key: 'id',
    schema: auditEntrySchema,
    indexes: [['customerId', 'id'], ['actor', 'id']],
    opaque: ['detail'],
  },
  labels: { name: 'labels', key: 'id', schema: trainingLabelSchema, indexes: [] },
};
