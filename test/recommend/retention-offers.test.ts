// Retention offer rules: the shipped file is valid, mistakes are named by rule, field and line, first matching rule
// wins, and the shipped rules give realistic customers (segments from the real RFM grid) the offer they should get.
import { describe, expect, it } from 'vitest';
import { rfmSegment } from '../../src/crm/rfm.js';
import { loadOfferRules, matchOffer, parseOfferRules, type OfferCustomer } from '../../src/recommend/retention-offers.js';

const yaml = (body: string) => `offers:\n${body}`;
const rule = (name: string, when: string, id: string) => `  - name: ${name}\n    when: ${when}\n    offer: { id: ${id}, title: T, text: Stay please, validForDays: 30 }\n`;

describe('retention offer rules', () => {
  it('loads the shipped rules', () => {
    const rules = loadOfferRules();
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((r) => r.offer.id)).size).toBe(rules.length);
    expect(rules.every((r) => r.offer.validForDays >= 1)).toBe(true);
  });

  it('names the rule and the field when a rule is wrong', () => {
    expect(() => parseOfferRules(yaml(rule('ok', '{ minChurn: 0.5 }', 'a') + rule('too risky', '{ minChurn: 6 }', 'b')), 'offers.yaml')).toThrow(
      /offers\.yaml: rule 2 "too risky": when\.minChurn .* \(line 6\)/,
    );
    expect(() => parseOfferRules(yaml(rule('typo', '{ minChrun: 0.5 }', 'a')), 'f')).toThrow(/rule 1 "typo"/);
    expect(() => parseOfferRules(yaml(rule('x', '{}', 'Bad Id')), 'f')).toThrow(/offer\.id/);
    expect(() => parseOfferRules(yaml(rule('x', '{}', 'a') + rule('y', '{}', 'a')), 'f')).toThrow(/rule 2 "y": offer id "a" is used twice/);
    expect(() => parseOfferRules('offers: [', 'f')).toThrow(expect.objectContaining({ code: 'RETENTION_OFFERS_INVALID' }));
    expect(() => parseOfferRules('rules: []', 'f')).toThrow(/"offers:"/);
  });

  it('refuses a segment name the RFM scoring never gives, naming the rule, the field and the line', () => {
    const text = yaml(rule('ok', '{ segments: [Champions] }', 'a') + rule('typo', '{ segments: [Loyal, Champion] }', 'b'));
    expect(() => parseOfferRules(text, 'offers.yaml')).toThrow(/offers\.yaml: rule 2 "typo": when\.segments\.1 is not an RFM segment \(one of: Champions, .*\) \(line 6\)/);
    // Case matters: the profile's segment is compared exactly.
    expect(() => parseOfferRules(yaml(rule('lower', '{ segments: [champions] }', 'a')), 'f')).toThrow(/when\.segments\.0 is not an RFM segment/);
    expect(parseOfferRules(yaml(rule('quoted', `{ segments: ["Can't lose them", At risk] }`, 'a')), 'f')[0]?.when.segments).toEqual(["Can't lose them", 'At risk']);
  });

  it('requires how long an accepted offer runs, as whole days', () => {
    const noDays = yaml('  - name: forever\n    when: {}\n    offer: { id: a, title: T, text: Stay }\n');
    expect(() => parseOfferRules(noDays, 'f')).toThrow(/rule 1 "forever": offer\.validForDays .*\(line 4\)/);
    expect(() => parseOfferRules(noDays.replace('Stay }', 'Stay, validForDays: 0.5 }'), 'f')).toThrow(/offer\.validForDays/);
    expect(parseOfferRules(noDays.replace('Stay }', 'Stay, validForDays: 14 }'), 'f')[0]?.offer.validForDays).toBe(14);
  });

  it('picks the first rule whose every condition holds', () => {
    const rules = parseOfferRules(
      yaml(
        rule('vip', '{ minChurn: 0.6, minLifetimeValue: 500, contracts: [Month-to-month] }', 'vip') +
          rule('champions', '{ segments: [Champions], maxChurn: 0.5 }', 'champ') +
          rule('risky', '{ minChurn: 0.6 }', 'risky'),
      ),
      'f',
    );
    expect(matchOffer(rules, { churn: 0.7, lifetimeValue: 600, contract: 'Month-to-month' })?.offer.id).toBe('vip');
    expect(matchOffer(rules, { churn: 0.7, lifetimeValue: 600, contract: 'Two year' })?.offer.id).toBe('risky');
    expect(matchOffer(rules, { churn: 0.7, lifetimeValue: 499, contract: 'Month-to-month' })?.offer.id).toBe('risky');
    expect(matchOffer(rules, { churn: 0.4, lifetimeValue: 0, segment: 'Champions' })?.offer.id).toBe('champ');
    // A rule with segments never matches a customer whose segment is unknown.
    expect(matchOffer(rules, { churn: 0.4, lifetimeValue: 0 })).toBeNull();
  });
});

describe('the shipped rules on realistic customers', () => {
  const rules = loadOfferRules();
  // Segments as the RFM grid names them (recency score, frequency score), not typed by hand.
  const champion = rfmSegment(5, 5);
  const loyal = rfmSegment(3, 4);
  const cantLose = rfmSegment(1, 5);
  const atRisk = rfmSegment(2, 3);
  const hibernating = rfmSegment(2, 1);
  const lost = rfmSegment(1, 1);
  const newCustomer = rfmSegment(5, 1);

  const cases: [string, OfferCustomer, string | null][] = [
    ['champion shopper at high risk', { churn: 0.62, lifetimeValue: 4200, segment: champion }, 'shopper-15pct-60d'],
    ['loyal shopper at risk', { churn: 0.55, lifetimeValue: 900, segment: loyal }, 'shopper-15pct-60d'],
    ["big spender gone quiet (can't lose them)", { churn: 0.85, lifetimeValue: 2600, segment: cantLose }, 'shopper-15pct-60d'],
    ['at-risk shopper', { churn: 0.7, lifetimeValue: 300, segment: atRisk }, 'shopper-15pct-60d'],
    ['loyal shopper at low risk', { churn: 0.2, lifetimeValue: 900, segment: loyal }, null],
    ['hibernating low-value shopper', { churn: 0.9, lifetimeValue: 80, segment: hibernating }, null],
    ['lost one-off shopper', { churn: 0.95, lifetimeValue: 15, segment: lost }, null],
    ['new shopper at high risk', { churn: 0.7, lifetimeValue: 40, segment: newCustomer }, null],
    ['shopper with no segment yet (no subscription)', { churn: 0.8, lifetimeValue: 500 }, null],
    ['valuable month-to-month subscriber at high risk', { churn: 0.75, lifetimeValue: 1049, contract: 'Month-to-month' }, 'loyalty-12m-20pct'],
    ['low-value month-to-month subscriber at high risk', { churn: 0.7, lifetimeValue: 150, contract: 'Month-to-month' }, 'free-upgrade-3m'],
    ['two-year subscriber at high risk', { churn: 0.65, lifetimeValue: 5000, contract: 'Two year' }, 'free-upgrade-3m'],
    ['valuable one-year subscriber at medium risk', { churn: 0.35, lifetimeValue: 2500, contract: 'One year' }, 'bill-review'],
    ['ordinary subscriber at medium risk', { churn: 0.35, lifetimeValue: 800, contract: 'One year' }, null],
    ['subscriber at low risk', { churn: 0.1, lifetimeValue: 3000, contract: 'Month-to-month' }, null],
    // Both a subscription and a shop history: the first rule that holds wins.
    ['champion shopper who is also a valuable month-to-month subscriber', { churn: 0.7, lifetimeValue: 900, segment: champion, contract: 'Month-to-month' }, 'loyalty-12m-20pct'],
  ];
  it.each(cases)('%s', (_name, customer, expected) => {
    expect(matchOffer(rules, customer)?.offer.id ?? null).toBe(expected);
  });

  it('names only segments the RFM grid can produce', () => {
    const produced = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) produced.add(rfmSegment(r, f));
    const named = rules.flatMap((r) => r.when.segments ?? []);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((s) => !produced.has(s))).toEqual([]);
  });
});
