// What the conversation knows about a customer: the contracts between crm/, recommend/ and dialogue/.
import type { Customer, Order } from '../store/ports.js';

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
}

export interface CustomerInsights {
  contextFor(customerId: string): Promise<CustomerContext | null>;
}
