// Engineered churn features (tenure bins, service count, charge trend, contract interactions): their values, the
// one-hot columns they add to the regression, and how an interaction is explained as its two attributes.
import { describe, expect, it } from 'vitest';
import { engineeredValue, explainedBy } from '../../src/crm/churn-engineered.js';
import { explainDrivers } from '../../src/crm/churn-drivers.js';
import { featureSpace, rawValue } from '../../src/crm/churn-model.js';
import type { SubscriptionAttributes } from '../../src/store/ports.js';

const a: SubscriptionAttributes = { tenureMonths: 10, contract: 'Month-to-month', monthlyCharges: 100, totalCharges: 800, internetService: 'Fiber optic', paymentMethod: 'Electronic check', phoneService: 'Yes', streamingTV: 'Yes', techSupport: 'No' };
const b: SubscriptionAttributes = { tenureMonths: 70, contract: 'Two year', monthlyCharges: 20, internetService: 'No', paymentMethod: 'Mailed check', phoneService: 'Yes' };

describe('engineered churn features', () => {
  it('computes bins, counts, trend and interaction values', () => {
    expect(engineeredValue(a, 'tenureBin')).toBe('7-12');
    expect(engineeredValue(b, 'tenureBin')).toBe('61+');
    expect(engineeredValue(a, 'serviceCount')).toBe(3); // phone, TV streaming, internet
    expect(engineeredValue(a, 'chargeTrend')).toBeCloseTo(0.8); // 800 / (100 × 10)
    expect(engineeredValue(b, 'chargeTrend')).toBe(1); // no total known
    expect(engineeredValue(a, 'contract×internetService')).toBe('Month-to-month×Fiber optic');
    expect(engineeredValue(a, 'contract')).toBeUndefined();
  });

  it('adds one-hot interaction columns only when asked', () => {
    const plain = featureSpace([a, b]);
    const rich = featureSpace([a, b], undefined, ['contract×paymentMethod', 'serviceCount']);
    expect(plain.some((f) => f.attribute.includes('×'))).toBe(false);
    const hot = rich.filter((f) => f.attribute === 'contract×paymentMethod');
    expect(hot.map((f) => f.value)).toEqual(['Month-to-month×Electronic check', 'Two year×Mailed check']);
    expect(hot.map((f) => rawValue(a, f))).toEqual([1, 0]);
    expect(rich.find((f) => f.attribute === 'serviceCount')?.mean).toBeCloseTo(2); // (3 + 1) / 2
    expect(rich.some((f) => f.attribute === 'tenureBin')).toBe(false);
  });

  it('explains an interaction by its two attributes, half each', () => {
    expect(explainedBy('contract×paymentMethod')).toEqual(['contract', 'paymentMethod']);
    const drivers = explainDrivers(new Map([['contract×paymentMethod', 1.2], ['monthlyCharges', 0.5]]), a);
    expect(drivers).toEqual(['month-to-month contract', 'pays by electronic cheque', 'high monthly charges (£100.00)']);
  });
});
