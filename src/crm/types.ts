// What the conversation knows about a customer: the contracts between crm/, recommend/ and dialogue/.
import type { AppliedOffer, Channel, Customer, Order, Sender } from '../store/ports.js';

export interface ChurnRisk {
  /** Calibrated probability that the customer leaves. */
  probability: number;
  band: 'low' | 'medium' | 'high';
  /** Plain-language reasons, strongest first (at most three). */
  drivers: string[];
  /** Which model produced it, e.g. "telco-logreg@2026-11-23". */
  model: string;
}

export interface Recommendation {
  productId: string;
  name: string;
  unitPrice: number;
  score: number;
  /** One line an agent or customer can read, e.g. "because you bought WHITE HANGING HEART T-LIGHT HOLDER". */
  reason: string;
}

export interface CustomerContext {
  customer: Customer;
  /** Newest first, at most 10. */
  orders: Order[];
  churn: ChurnRisk | null;
  recommendations: Recommendation[];
  /** Every order read for the customer (newest first, at most 1,000): the inputs of the profile's figures. */
  history?: Order[];
  /** The full customer profile, when a profile service built this context. */
  profile?: CustomerProfile;
}

/** One view of a customer for the conversation, the agent console and the profile API (see README "Customer profile"). */
export interface CustomerProfile {
  customerId: string;
  name?: string;
  email?: string;
  /** First order, else when the customer record was created. */
  since?: string;
  /** Channels the customer has written from, e.g. ["teams", "webchat"]. */
  channels: string[];
  orders: { count: number; lifetimeValue: number; currency: string; lastOrderAt?: string };
  rfm?: { recency: number; frequency: number; monetary: number; score: string; segment: string };
  behaviourSegment?: { id: number; name: string; k: number };
  churn?: { probability: number; band: ChurnRisk['band']; drivers: string[] };
  nextPurchase?: { expectedAt: string; meanGapDays: number };
  /** Newest first, from every channel. */
  recentInteractions: Array<{ at: string; channel: Channel; sender: Sender; text: string; intent?: string }>;
  recommendations: Recommendation[];
  /** Accepted retention offers running on the account when the profile was computed, soonest to expire first. */
  activeOffers?: AppliedOffer[];
  computedAt: string;
}

export interface CustomerInsights {
  contextFor(customerId: string): Promise<CustomerContext | null>;
  /** "Frequently bought together" for a product (id or catalogue name), each with its reason. */
  boughtTogether?(product: string, k: number): Recommendation[];
}
