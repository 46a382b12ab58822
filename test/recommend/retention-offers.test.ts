// Retention offer rules: the shipped file is valid, mistakes are named by rule, first matching rule wins.
import { describe, expect, it } from 'vitest';
import { loadOfferRules, matchOffer, parseOfferRules } from '../../src/recommend/retention-offers.js';

const yaml = (body: string) => `offers:\n${body}`;
const rule = (name: string, when: string, id: string) => `  - name: ${name}\n    when: ${when}\n    offer: { id: ${id}, title: T, text: Stay please }\n`;

describe('retention offer rules', () => {
  it('loads the shipped rules', () => {
    const rules = loadOfferRules();
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((r) => r.offer.id)).size).toBe(rules.length);
  });

  it('names the rule and the field when a rule is wrong', () => {
    expect(() => parseOfferRules(yaml(rule('ok', '{ minChurn: 0.5 }', 'a') + rule('too risky', '{ minChurn: 6 }', 'b')), 'offers.yaml')).toThrow(
      /offers\.yaml: rule 2 "too risky": when\.minChurn/,
    );
    expect(() => parseOfferRules(yaml(rule('typo', '{ minChrun: 0.5 }', 'a')), 'f')).toThrow(/rule 1 "typo"/);
    expect(() => parseOfferRules(yaml(rule('x', '{}', 'Bad Id')), 'f')).toThrow(/offer\.id/);
    expect(() => parseOfferRules(yaml(rule('x', '{}', 'a') + rule('y', '{}', 'a')), 'f')).toThrow(/rule 2 "y": offer id "a" is used twice/);
    expect(() => parseOfferRules('offers: [', 'f')).toThrow(expect.objectContaining({ code: 'RETENTION_OFFERS_INVALID' }));
    expect(() => parseOfferRules('rules: []', 'f')).toThrow(/"offers:"/);
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
