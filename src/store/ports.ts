// The persistence ports: every store implementation (embedded, MongoDB) provides exactly these.
// Documents are plain JSON-able objects; dates are ISO-8601 strings so both stores compare them the same way.

export type Channel = 'webchat' | 'teams';
export type Sender = 'customer' | 'bot' | 'agent';

/** Churn-relevant attributes from a telco-style subscription (IBM Telco columns, camel-cased). */
export interface SubscriptionAttributes {
  gender?: string;
  seniorCitizen?: boolean;
  partner?: boolean;
  dependents?: boolean;
  tenureMonths: number;
  phoneService?: string;
  multipleLines?: string;
  internetService?: string;
  onlineSecurity?: string;
  onlineBackup?: string;
  deviceProtection?: string;
  techSupport?: string;
  streamingTV?: string;
  streamingMovies?: string;
  contract: string;
  paperlessBilling?: boolean;
  paymentMethod?: string;
  monthlyCharges: number;
  totalCharges?: number | null;
  /** Label from the source data when known (true = churned). */
  churned?: boolean;
}

export interface Customer {
  id: string;
  name: string;
  email?: string;
  phone?: string;
  country?: string;
  source: 'retail' | 'telco' | 'demo' | 'manual';
  /** Channel identities linked to this customer, e.g. "teams:<aadObjectId>". */
  externalRefs?: string[];
  subscription?: SubscriptionAttributes;
  createdAt: string;
  updatedAt: string;
  /** Retention offers the customer accepted (applied to the account; see src/crm/applied-offers.ts). */
  retention?: CustomerRetention;
}

/** A retention offer the customer accepted, on their account from `acceptedAt` until `expiresAt`. */
export interface AppliedOffer {
  /** The offer id from the retention rules. */
  id: string;
  title: string;
  acceptedAt: string;
  expiresAt: string;
  /** The conversation it was accepted in (with `id`, what makes applying it idempotent). */
  conversationId: string;
}

export interface CustomerRetention {
  /** Oldest first; expired offers are kept as history. */
  offers: AppliedOffer[];
}

export interface Product {
  id: string;
  name: string;
  description: string;
  unitPrice: number;
  category?: string;
}

export type OrderStatus = 'processing' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

export interface OrderLine {
  productId: string;
  description: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  id: string;
  customerId: string;
  placedAt: string;
  status: OrderStatus;
  lines: OrderLine[];
  total: number;
  currency: string;
  expectedDeliveryAt?: string;
  deliveredAt?: string;
}

export interface EntityValue {
  type: string;
  text: string;
  value: string;
}

export interface IntentScore {
  intent: string;
  confidence: number;
}

/** One message of a conversation: from the customer, the bot or an agent. Never deleted except by erasure. */
export interface Interaction {
  /** Time-sortable unique id; also the read cursor of a conversation. */
  id: string;
  conversationId: string;
  channel: Channel;
  customerId?: string;
  sender: Sender;
  /** Agent username when sender = agent. */
  agent?: string;
  text: string;
  at: string;
  intent?: string;
  confidence?: number;
  ranking?: IntentScore[];
  entities?: EntityValue[];
  /** The action the policy chose for this turn (customer messages) or that produced this reply (bot messages). */
  action?: string;
  latencyMs?: number;
  /** For bot/agent replies: the customer interaction they answer. */
  inReplyTo?: string;
  /** Structured parts of a reply (quick replies, cards) so a transcript can be replayed faithfully. */
  payload?: Record<string, unknown>;
  /** The customer's RFM segment and churn probability when the message arrived (reports filter and group by them). */
  segment?: string;
  churnRisk?: number;
  /** A retention offer made in this reply, or the customer's answer to one. */
  offer?: { id: string; status: 'offered' | 'accepted' | 'declined' };
}

export type ConversationState = 'bot' | 'queued' | 'assigned' | 'closed';

export interface Conversation {
  id: string;
  channel: Channel;
  customerId?: string;
  /** SHA-256 of the web chat conversation token (never the token itself). */
  tokenHash?: string;
  /** Bot Framework ConversationReference for proactive messages (Teams). */
  reference?: Record<string, unknown>;
  state: ConversationState;
  assignedAgent?: string;
  lastIntent?: string;
  /** The last "did you mean A or B?": the two intents offered and, once picked, the one chosen. */
  clarification?: { options: string[]; chosen?: string };
  /** Consecutive turns the bot could not handle (fallback / out of scope). */
  failedTurns: number;
  startedAt: string;
  lastMessageAt: string;
}

export interface Handoff {
  id: string;
  conversationId: string;
  customerId?: string;
  trigger: string;
  reason: string;
  priority: number;
  requestedAt: string;
  claimedAt?: string;
  agent?: string;
  endedAt?: string;
  outcome?: string;
  notes?: { at: string; agent: string; text: string }[];
  /** Out of working hours: the callback the bot offered and, once the customer left one, their contact. */
  callback?: HandoffCallback;
}

export interface HandoffCallback {
  status: 'offered' | 'requested' | 'done';
  contact?: string;
  contactKind?: 'email' | 'phone';
  requestedAt?: string;
  doneAt?: string;
  doneBy?: string;
}

export type Role = 'agent' | 'manager' | 'admin';

export interface User {
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: string;
  disabled?: boolean;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  customerId?: string;
  detail?: Record<string, unknown>;
}

/** An utterance a manager or agent assigned to an intent; approved labels join intents/ when the model is retrained. */
export interface TrainingLabel {
  id: string;
  text: string;
  intent: string;
  /** The interaction the utterance came from, when it was labelled from a report. */
  interactionId?: string;
  /** The intent the live model had given it. */
  predictedIntent?: string;
  createdBy: string;
  createdAt: string;
}

export interface Page {
  limit?: number;
  skip?: number;
}

export interface CustomerStore {
  get(id: string): Promise<Customer | null>;
  /** Finds by id, e-mail (case-insensitive) or a linked external ref. */
  findByRef(ref: string): Promise<Customer | null>;
  /** Inserts or replaces by id; returns how many were new. Idempotent: re-running never duplicates. */
  upsertMany(customers: Customer[]): Promise<{ inserted: number; updated: number }>;
  linkRef(id: string, ref: string): Promise<void>;
  /**
   * Replaces the customer's retention record only while their stored `updatedAt` is still `expectUpdatedAt`
   * (compare-and-set, atomic in every implementation), setting `updatedAt`; null when it changed or is missing.
   */
  setRetention(id: string, retention: CustomerRetention, expectUpdatedAt: string, updatedAt: string): Promise<Customer | null>;
  list(page?: Page): Promise<Customer[]>;
  count(): Promise<number>;
}

export interface ProductStore {
  get(id: string): Promise<Product | null>;
  getMany(ids: string[]): Promise<Product[]>;
  upsertMany(products: Product[]): Promise<{ inserted: number; updated: number }>;
  list(page?: Page): Promise<Product[]>;
  count(): Promise<number>;
}

export interface OrderStore {
  get(id: string): Promise<Order | null>;
  /** Newest first. */
  listByCustomer(customerId: string, limit?: number): Promise<Order[]>;
  upsertMany(orders: Order[]): Promise<{ inserted: number; updated: number }>;
  count(): Promise<number>;
  /** Every order in id order, a page at a time (for building models over the whole store). */
  list(page?: Page): Promise<Order[]>;
  /** Whole-store CRM figures (see crm/crm-pipelines.ts); run by the database on MongoDB. */
  aggregate(pipeline: AggregationPipeline): Promise<AggregationRow[]>;
}

export interface InteractionQuery {
  /** Only interactions with an id greater than this cursor. */
  after?: string;
  limit?: number;
  senders?: Sender[];
}

/** A MongoDB aggregation pipeline and its output rows (reports); both stores compute the same results. */
export type AggregationPipeline = Record<string, unknown>[];
export type AggregationRow = Record<string, unknown>;

export interface InteractionStore {
  /** Acknowledged only once durable; idempotent by id. */
  append(interaction: Interaction): Promise<void>;
  /** Several at once, in one write where the store can (a turn's message and its replies); idempotent by id. */
  appendMany(interactions: Interaction[]): Promise<void>;
  /** Oldest first. */
  listByConversation(conversationId: string, query?: InteractionQuery): Promise<Interaction[]>;
  /** Newest first, across every channel. */
  listByCustomer(customerId: string, limit?: number): Promise<Interaction[]>;
  count(filter?: { sender?: Sender; conversationId?: string }): Promise<number>;
  aggregate(pipeline: AggregationPipeline): Promise<AggregationRow[]>;
}

export interface ConversationStore {
  get(id: string): Promise<Conversation | null>;
  create(conversation: Conversation): Promise<void>;
  /**
   * Applies `patch` only when the stored document matches every field of `expect` (compare-and-set).
   * Returns the updated document, or null when it did not match. Atomic in every implementation.
   */
  update(
    id: string,
    patch: Partial<Omit<Conversation, 'id'>>,
    expect?: Partial<Pick<Conversation, 'state' | 'assignedAgent'>>,
  ): Promise<Conversation | null>;
  listByState(state: ConversationState, page?: Page): Promise<Conversation[]>;
  /** Conversations in `state` with a message after `since`, most recent first. */
  listRecent(state: ConversationState, since: string, limit: number): Promise<Conversation[]>;
  aggregate(pipeline: AggregationPipeline): Promise<AggregationRow[]>;
}

export interface HandoffStore {
  get(id: string): Promise<Handoff | null>;
  create(handoff: Handoff): Promise<void>;
  update(id: string, patch: Partial<Omit<Handoff, 'id'>>): Promise<Handoff | null>;
  /** Handoffs not yet ended, oldest first. */
  listOpen(): Promise<Handoff[]>;
  listByConversation(conversationId: string): Promise<Handoff[]>;
  /** Ended handoffs, most recently ended first. */
  listEnded(limit: number): Promise<Handoff[]>;
  aggregate(pipeline: AggregationPipeline): Promise<AggregationRow[]>;
}

export interface UserStore {
  get(username: string): Promise<User | null>;
  upsert(user: User): Promise<void>;
  list(): Promise<User[]>;
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  list(filter?: { customerId?: string; actor?: string; limit?: number }): Promise<AuditEntry[]>;
}

export interface TrainingLabelStore {
  /** Idempotent by id. */
  add(label: TrainingLabel): Promise<void>;
  /** Oldest first. */
  list(): Promise<TrainingLabel[]>;
  /** Returns false when there was no such label. */
  remove(id: string): Promise<boolean>;
}

/** Everything stored about one customer or written in their conversations (access requests). */
export interface CustomerData {
  customer: Customer | null;
  orders: Order[];
  conversations: Conversation[];
  interactions: Interaction[];
  handoffs: Handoff[];
  labels: TrainingLabel[];
  audit: AuditEntry[];
}

export interface ErasureCounts {
  customers: number;
  ordersAnonymised: number;
  conversationsDeleted: number;
  interactionsAnonymised: number;
  handoffsAnonymised: number;
  labelsDeleted: number;
  auditAnonymised: number;
}

export interface CustomerDataStore {
  collect(customerId: string): Promise<CustomerData>;
  /** Removes or anonymises every copy (see customer-data.ts); `erasureId` replaces the customer's id where one is kept. */
  erase(customerId: string, erasureId: string): Promise<ErasureCounts>;
}

export interface Store {
  readonly kind: 'embedded' | 'mongo';
  readonly customers: CustomerStore;
  readonly products: ProductStore;
  readonly orders: OrderStore;
  readonly interactions: InteractionStore;
  readonly conversations: ConversationStore;
  readonly handoffs: HandoffStore;
  readonly users: UserStore;
  readonly audit: AuditStore;
  readonly labels: TrainingLabelStore;
  readonly customerData: CustomerDataStore;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
