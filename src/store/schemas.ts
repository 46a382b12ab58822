// Zod schemas of the stored documents, checked on every write and every read in both stores.
// The `Exact` checks below make a change to ports.ts that is not mirrored here a compile error, so a new field can
// never be silently dropped by the (stripping) parse.
import { z } from 'zod';
import type {
  AuditEntry, Conversation, Customer, Handoff, Interaction, Order, Product, SubscriptionAttributes, TrainingLabel, User,
} from './ports.js';

// Type identity (not mere assignability), so a missing optional field or a widened enum is caught too.
type Exact<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <A, B>(check: Exact<A, B>) => check;

const json = z.record(z.string(), z.unknown());
const channel = z.enum(['webchat', 'teams']);
const sender = z.enum(['customer', 'bot', 'agent']);

/** Subscription attributes as stored (also the demo sample's shape). */
export const subscriptionSchema = z.object({
  gender: z.string().optional(),
  seniorCitizen: z.boolean().optional(),
  partner: z.boolean().optional(),
  dependents: z.boolean().optional(),
  tenureMonths: z.number(),
  phoneService: z.string().optional(),
  multipleLines: z.string().optional(),
  internetService: z.string().optional(),
  onlineSecurity: z.string().optional(),
  onlineBackup: z.string().optional(),
  deviceProtection: z.string().optional(),
  techSupport: z.string().optional(),
  streamingTV: z.string().optional(),
  streamingMovies: z.string().optional(),
  contract: z.string(),
  paperlessBilling: z.boolean().optional(),
  paymentMethod: z.string().optional(),
  monthlyCharges: z.number(),
  totalCharges: z.number().nullable().optional(),
  churned: z.boolean().optional(),
});

/** A retention offer accepted and applied to the customer's account. */
export const appliedOfferSchema = z.object({
  id: z.string(),
  title: z.string(),
  acceptedAt: z.string(),
  expiresAt: z.string(),
  conversationId: z.string(),
});

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  country: z.string().optional(),
  source: z.enum(['retail', 'telco', 'demo', 'manual']),
  externalRefs: z.array(z.string()).optional(),
  subscription: subscriptionSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  retention: z.object({ offers: z.array(appliedOfferSchema) }).optional(),
});

export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  unitPrice: z.number(),
  category: z.string().optional(),
});

export const orderSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  placedAt: z.string(),
  status: z.enum(['processing', 'shipped', 'delivered', 'cancelled', 'returned']),
  lines: z.array(z.object({ productId: z.string(), description: z.string(), quantity: z.number(), unitPrice: z.number() })),
  total: z.number(),
  currency: z.string(),
  expectedDeliveryAt: z.string().optional(),
  deliveredAt: z.string().optional(),
});

export const interactionSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  channel,
  customerId: z.string().optional(),
  sender,
  agent: z.string().optional(),
  text: z.string(),
  at: z.string(),
  intent: z.string().optional(),
  confidence: z.number().optional(),
  ranking: z.array(z.object({ intent: z.string(), confidence: z.number() })).optional(),
  entities: z.array(z.object({ type: z.string(), text: z.string(), value: z.string() })).optional(),
  action: z.string().optional(),
  latencyMs: z.number().optional(),
  inReplyTo: z.string().optional(),
  payload: json.optional(),
  segment: z.string().optional(),
  churnRisk: z.number().optional(),
  offer: z.object({ id: z.string(), status: z.enum(['offered', 'accepted', 'declined']) }).optional(),
});

export const conversationSchema = z.object({
  id: z.string(),
  channel,
  customerId: z.string().optional(),
  tokenHash: z.string().optional(),
  reference: json.optional(),
  state: z.enum(['bot', 'queued', 'assigned', 'closed']),
  assignedAgent: z.string().optional(),
  lastIntent: z.string().optional(),
  clarification: z.object({ options: z.array(z.string()), chosen: z.string().optional() }).optional(),
  failedTurns: z.number(),
  startedAt: z.string(),
  lastMessageAt: z.string(),
});

export const handoffSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  customerId: z.string().optional(),
  trigger: z.string(),
  reason: z.string(),
  priority: z.number(),
  requestedAt: z.string(),
  claimedAt: z.string().optional(),
  agent: z.string().optional(),
  endedAt: z.string().optional(),
  outcome: z.string().optional(),
  notes: z.array(z.object({ at: z.string(), agent: z.string(), text: z.string() })).optional(),
  callback: z
    .object({
      status: z.enum(['offered', 'requested', 'done']),
      contact: z.string().optional(),
      contactKind: z.enum(['email', 'phone']).optional(),
      requestedAt: z.string().optional(),
      doneAt: z.string().optional(),
      doneBy: z.string().optional(),
    })
    .optional(),
});

export const userSchema = z.object({
  username: z.string(),
  passwordHash: z.string(),
  role: z.enum(['agent', 'manager', 'admin']),
  createdAt: z.string(),
  disabled: z.boolean().optional(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  customerId: z.string().optional(),
  detail: json.optional(),
});

export const trainingLabelSchema = z.object({
  id: z.string(),
  text: z.string(),
  intent: z.string(),
  interactionId: z.string().optional(),
  predictedIntent: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const schemaChecks = [
  exact<z.infer<typeof subscriptionSchema>, SubscriptionAttributes>(true),
  exact<z.infer<typeof customerSchema>, Customer>(true),
  exact<z.infer<typeof productSchema>, Product>(true),
  exact<z.infer<typeof orderSchema>, Order>(true),
  exact<z.infer<typeof interactionSchema>, Interaction>(true),
  exact<z.infer<typeof conversationSchema>, Conversation>(true),
  exact<z.infer<typeof handoffSchema>, Handoff>(true),
  exact<z.infer<typeof userSchema>, User>(true),
  exact<z.infer<typeof auditEntrySchema>, AuditEntry>(true),
  exact<z.infer<typeof trainingLabelSchema>, TrainingLabel>(true),
];
