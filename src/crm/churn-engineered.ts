// Engineered churn features for the logistic regression: tenure bins, the number of services taken, how total
// charges compare with monthly charges × tenure, and the contract × internet service and contract × payment method
// interactions. A linear model cannot find these shapes on its own; the trees can, so they only go to the regression.
import type { SubscriptionAttributes } from '../store/ports.js';

const SERVICES = ['phoneService', 'multipleLines', 'onlineSecurity', 'onlineBackup', 'deviceProtection', 'techSupport', 'streamingTV', 'streamingMovies'] as const;
const TENURE_BINS: [number, string][] = [[6, '0-6'], [12, '7-12'], [24, '13-24'], [48, '25-48'], [60, '49-60'], [Infinity, '61+']];

/** Separates the two attributes of an interaction feature (`contract×internetService`). */
export const INTERACTION = '×';

/** Categorical engineered attributes (one-hot encoded like the raw categorical ones). */
export const ENGINEERED_CATEGORICAL = ['tenureBin', `contract${INTERACTION}internetService`, `contract${INTERACTION}paymentMethod`] as const;
/** Numeric engineered attributes (standardised like the raw numeric ones). */
export const ENGINEERED_NUMERIC = ['serviceCount', 'chargeTrend'] as const;

/** Value of an engineered attribute, or undefined when the name is not one. */
export function engineeredValue(a: SubscriptionAttributes, attribute: string): string | number | undefined {
  const record = a as unknown as Record<string, unknown>;
  if (attribute.includes(INTERACTION)) return attribute.split(INTERACTION).map((part) => String(record[part])).join(INTERACTION);
  switch (attribute) {
    case 'tenureBin':
      return (TENURE_BINS.find(([upTo]) => a.tenureMonths <= upTo) ?? TENURE_BINS[0])?.[1];
    case 'serviceCount':
      return SERVICES.filter((s) => a[s] === 'Yes').length + (a.internetService && a.internetService !== 'No' ? 1 : 0);
    case 'chargeTrend':
      // Total billed against today's monthly charge × tenure: below 1 means the price went up over time.
      return a.totalCharges && a.tenureMonths > 0 ? a.totalCharges / (a.monthlyCharges * a.tenureMonths) : 1;
    default:
      return undefined;
  }
}

/** The raw attributes an engineered attribute is explained by, e.g. `contract×paymentMethod` → both. */
export function explainedBy(attribute: string): string[] {
  if (attribute.includes(INTERACTION)) return attribute.split(INTERACTION);
  if (attribute === 'tenureBin') return ['tenureMonths'];
  if (attribute === 'chargeTrend') return ['monthlyCharges'];
  return [attribute];
}
