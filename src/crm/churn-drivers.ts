// Plain-language churn drivers, for agents and for the retention path: the attributes that push this customer's
// risk up most compared with the average customer, grouped the way a person would say them.
import type { SubscriptionAttributes } from '../store/ports.js';
import { engineeredValue, explainedBy } from './churn-engineered.js';

/** Contributions smaller than this (in log-odds) are noise, not a reason. */
const MIN_CONTRIBUTION = 0.05;
/** Never given as a reason to an agent, even when a model file still carries it (see churn-model.ts). */
const NOT_EXPLAINED = new Set(['gender']);
/** Engineered features are explained by the attribute they come from. */
const GROUP: Record<string, string> = { logTenure: 'tenureMonths', chargePerTenure: 'tenureMonths' };
const ADD_ONS = { techSupport: 'tech support', onlineSecurity: 'online security', onlineBackup: 'online backup', deviceProtection: 'device protection' } as const;
type AddOn = keyof typeof ADD_ONS;

const money = (x: number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(x);
const internetName = (service: string | undefined) => (service === 'Fiber optic' ? 'fibre optic' : (service ?? '').toLowerCase());

export function describeDriver(attribute: string, a: SubscriptionAttributes): string {
  switch (attribute) {
    case 'tenureMonths':
      return a.tenureMonths <= 12 ? `short tenure (${a.tenureMonths} month${a.tenureMonths === 1 ? '' : 's'})` : `tenure of ${a.tenureMonths} months`;
    case 'contract':
      return `${a.contract.toLowerCase()} contract`;
    case 'internetService':
      return a.internetService === 'No' ? 'no internet service' : `${internetName(a.internetService)} internet`;
    case 'paymentMethod':
      return `pays by ${(a.paymentMethod ?? '').toLowerCase().replace(/\bcheck\b/, 'cheque')}`;
    case 'monthlyCharges':
      return `high monthly charges (${money(a.monthlyCharges)})`;
    case 'streamingTV':
      return a.streamingTV === 'Yes' ? 'streams TV' : 'no TV streaming';
    case 'streamingMovies':
      return a.streamingMovies === 'Yes' ? 'streams films' : 'no film streaming';
    case 'phoneService':
      return a.phoneService === 'Yes' ? 'has a phone line' : 'no phone line';
    case 'multipleLines':
      return a.multipleLines === 'Yes' ? 'several phone lines' : a.multipleLines === 'No' ? 'a single phone line' : 'no phone line';
    case 'serviceCount': {
      const n = Number(engineeredValue(a, 'serviceCount'));
      return `${n} service${n === 1 ? '' : 's'} taken`;
    }
    case 'paperlessBilling':
      return a.paperlessBilling ? 'paperless billing' : 'paper billing';
    case 'seniorCitizen': // only in churn-logreg files written before age was dropped as an input
      return a.seniorCitizen ? 'senior citizen' : 'not a senior citizen';
    case 'partner':
      return a.partner ? 'has a partner on the account' : 'no partner on the account';
    case 'dependents':
      return a.dependents ? 'has dependents' : 'no dependents';
    case 'techSupport':
    case 'onlineSecurity':
    case 'onlineBackup':
    case 'deviceProtection': {
      const value = a[attribute];
      return value === 'Yes' ? `has ${ADD_ONS[attribute]}` : value === 'No' ? `no ${ADD_ONS[attribute]}` : `${ADD_ONS[attribute]}: ${(value ?? '').toLowerCase()}`;
    }
    default: {
      const value = (a as unknown as Record<string, unknown>)[attribute];
      return `${attribute.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${String(value).toLowerCase()}`;
    }
  }
}

/**
 * Top drivers, strongest first. Internet service and the add-ons it lacks are said together ("fibre optic
 * internet without tech support or online security"), because that is how the risk shows in the data and in
 * what an agent can offer.
 */
export function explainDrivers(contributions: Map<string, number>, a: SubscriptionAttributes, max = 3): string[] {
  const grouped = new Map<string, number>();
  for (const [attribute, c] of contributions) {
    if (NOT_EXPLAINED.has(attribute)) continue;
    // An interaction (contract × payment method) is said as its two attributes, each with half of its weight.
    const parts = explainedBy(attribute).map((part) => GROUP[part] ?? part);
    for (const part of parts) grouped.set(part, (grouped.get(part) ?? 0) + c / parts.length);
  }
  const drivers: { text: string; weight: number }[] = [];
  const internet = grouped.get('internetService') ?? 0;
  if (internet > MIN_CONTRIBUTION && a.internetService && a.internetService !== 'No') {
    const missing = (Object.keys(ADD_ONS) as AddOn[])
      .filter((k) => a[k] === 'No' && (grouped.get(k) ?? 0) > MIN_CONTRIBUTION)
      .sort((x, y) => (grouped.get(y) ?? 0) - (grouped.get(x) ?? 0))
      .slice(0, 2);
    if (missing.length > 0) {
      drivers.push({
        text: `${internetName(a.internetService)} internet without ${missing.map((k) => ADD_ONS[k]).join(' or ')}`,
        weight: internet + missing.reduce((sum, k) => sum + (grouped.get(k) ?? 0), 0),
      });
      for (const k of ['internetService', ...missing]) grouped.delete(k);
    }
  }
  for (const [attribute, weight] of grouped) if (weight > MIN_CONTRIBUTION) drivers.push({ text: describeDriver(attribute, a), weight });
  return drivers
    .sort((x, y) => y.weight - x.weight)
    .slice(0, max)
    .map((d) => d.text);
}
