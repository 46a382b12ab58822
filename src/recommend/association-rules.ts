// "Frequently bought together": pairwise association rules A → B mined from baskets (invoices).
//   support(A → B)    = baskets with A and B / all baskets
//   confidence(A → B) = baskets with A and B / baskets with A
//   lift(A → B)       = confidence(A → B) / (baskets with B / all baskets)
// A rule is kept when both items appear together in at least minCount baskets, confidence ≥ minConfidence and
// lift > 1. As a recommender, an item scores the best confidence of a rule from anything the customer bought.
// Reason: "because you bought X" (X = antecedent of that rule).
import { cooccurrence } from './item-similarity.js';
import type { Interactions } from './interactions.js';
import { BaseRecommender, type ScoredItem, type UserHistory } from './types.js';

export interface Rule {
  antecedent: number;
  consequent: number;
  /** Baskets containing both. */
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface AssociationOptions {
  minCount?: number;
  minConfidence?: number;
  /** Rules kept per antecedent, best confidence first (default 50). */
  maxRulesPerItem?: number;
}

export class AssociationRulesRecommender extends BaseRecommender {
  readonly name = 'rules';
  private rulesFrom: Rule[][] = [];
  private readonly minCount: number;
  private readonly minConfidence: number;
  private readonly maxRules: number;

  constructor(options: AssociationOptions = {}) {
    super();
    this.minCount = options.minCount ?? 5;
    this.minConfidence = options.minConfidence ?? 0.05;
    this.maxRules = options.maxRulesPerItem ?? 50;
  }

  protected train(data: Interactions): void {
    const n = data.items.length;
    const baskets = data.baskets.length;
    const counts = cooccurrence(data.baskets.map((b) => b.items), n);
    this.rulesFrom = [];
    for (let a = 0; a < n; a++) {
      const countA = counts[a * n + a]!;
      const rules: Rule[] = [];
      for (let b = 0; b < n; b++) {
        const both = counts[a * n + b]!;
        if (b === a || both < this.minCount || countA === 0) continue;
        const confidence = both / countA;
        const lift = confidence / (counts[b * n + b]! / baskets);
        if (confidence < this.minConfidence || lift <= 1) continue;
        rules.push({ antecedent: a, consequent: b, count: both, support: both / baskets, confidence, lift });
      }
      rules.sort((x, y) => y.confidence - x.confidence || y.lift - x.lift || x.consequent - y.consequent);
      this.rulesFrom.push(rules.slice(0, this.maxRules));
    }
  }

  /** Rules with the given item as antecedent, best confidence first. */
  rulesFor(item: number): readonly Rule[] {
    return this.rulesFrom[item] ?? [];
  }

  /** The k items most often bought together with itemId (empty for an unknown item). */
  boughtTogether(itemId: string, k: number): Array<ScoredItem & { rule: Rule }> {
    const data = this.fitted;
    const a = data.itemIndex.get(itemId);
    if (a === undefined) return [];
    return this.rulesFor(a).slice(0, k).map((rule) => ({
      itemId: data.items[rule.consequent]!,
      name: data.itemName[rule.consequent]!,
      unitPrice: data.itemPrice[rule.consequent]!,
      score: rule.confidence,
      reason: `${Math.round(rule.confidence * 100)}% of orders with ${data.itemName[a]} also had this`,
      rule,
    }));
  }

  scoreInto(history: UserHistory, out: Float64Array): void {
    out.fill(0);
    for (const a of history.items) {
      for (const rule of this.rulesFor(a)) out[rule.consequent] = Math.max(out[rule.consequent]!, rule.confidence);
    }
  }

  explain(history: UserHistory, item: number): string {
    let best: Rule | null = null;
    for (const a of history.items) {
      const rule = this.rulesFor(a).find((r) => r.consequent === item);
      if (rule && (!best || rule.confidence > best.confidence)) best = rule;
    }
    return best ? `because you bought ${this.fitted.itemName[best.antecedent]}` : 'often bought together with your items';
  }
}
