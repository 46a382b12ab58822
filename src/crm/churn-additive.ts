// The telco customer as the additive booster sees them: tenure, monthly and total charges as numbers (a blank total
// is missing, not zero), every other attribute as a category, gender never. Contributions come back per attribute,
// ready for explainDrivers.
import type { SubscriptionAttributes } from '../store/ports.js';
import type { AdditiveValue } from './additive-bins.js';
import { AdditiveBooster, type AdditiveOptions } from './additive-boosting.js';
import { BOOLEAN, CATEGORICAL, type LabelledSubscription } from './churn-model.js';

export const ADDITIVE_ATTRIBUTES = ['tenureMonths', 'monthlyCharges', 'totalCharges', ...BOOLEAN, ...CATEGORICAL] as const;

export function additiveRow(a: SubscriptionAttributes): AdditiveValue[] {
  const record = a as unknown as Record<string, unknown>;
  return ADDITIVE_ATTRIBUTES.map((name) => {
    const v = record[name];
    if (typeof v === 'boolean') return v ? 'Yes' : 'No';
    return typeof v === 'number' || typeof v === 'string' ? v : null;
  });
}

export function trainAdditiveChurn(rows: LabelledSubscription[], options: Partial<AdditiveOptions> = {}): AdditiveBooster {
  return AdditiveBooster.train(rows.map((r) => additiveRow(r.attributes)), rows.map((r) => (r.churned ? 1 : 0)), [...ADDITIVE_ATTRIBUTES], options);
}

/** Per-attribute contributions to the booster's log-odds (names as the features, a pair's score split half-half). */
export function additiveContributions(model: AdditiveBooster, a: SubscriptionAttributes): Map<string, number> {
  const c = model.contributions(additiveRow(a));
  return new Map(model.file.features.map((f, j) => [f.name, c[j] ?? 0]));
}
