// Plain-language wording of a churn driver, for agents and for the customer-facing retention path.
import type { SubscriptionAttributes } from '../store/ports.js';

const money = (x: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(x);

export function describeDriver(attribute: string, a: SubscriptionAttributes): string {
  switch (attribute) {
    case 'tenureMonths':
      return a.tenureMonths <= 12 ? `short tenure (${a.tenureMonths} month${a.tenureMonths === 1 ? '' : 's'})` : `tenure of ${a.tenureMonths} months`;
    case 'contract':
      return `${a.contract.toLowerCase()} contract`;
    case 'internetService':
      return a.internetService === 'No' ? 'no internet service' : `${(a.internetService ?? '').toLowerCase()} internet`;
    case 'paymentMethod':
      return `pays by ${(a.paymentMethod ?? '').toLowerCase()}`;
    case 'monthlyCharges':
    case 'chargePerTenure':
      return `high monthly charges (${money(a.monthlyCharges)})`;
    case 'paperlessBilling':
      return a.paperlessBilling ? 'paperless billing' : 'paper billing';
    case 'seniorCitizen':
      return a.seniorCitizen ? 'senior citizen' : 'not a senior citizen';
    case 'partner':
      return a.partner ? 'has a partner on the account' : 'no partner on the account';
    case 'dependents':
      return a.dependents ? 'has dependents' : 'no dependents';
    case 'onlineSecurity':
    case 'techSupport':
    case 'onlineBackup':
    case 'deviceProtection': {
      const label = { onlineSecurity: 'online security', techSupport: 'tech support', onlineBackup: 'online backup', deviceProtection: 'device protection' }[attribute];
      const value = a[attribute];
      return value === 'Yes' ? `has ${label}` : value === 'No' ? `no ${label}` : `${label}: ${(value ?? '').toLowerCase()}`;
    }
    default: {
      const value = (a as unknown as Record<string, unknown>)[attribute];
      return `${attribute.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${String(value).toLowerCase()}`;
    }
  }
}
