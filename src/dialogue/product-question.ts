// A question about a named product ("is the jumbo bag red in stock?") is answered with what other customers often
// buy with it: association rules from the run-time recommender, each item with its reason.
import { displayProductName } from '../crm/product-names.js';
import type { CustomerInsights } from '../crm/types.js';
import type { NluResult } from '../nlu/types.js';
import type { PolicyInput } from './policy.js';

const PRODUCT_INTENTS = new Set(['product_info']);
const BOUGHT_TOGETHER = 3;

export function boughtTogetherFor(insights: CustomerInsights, nlu: NluResult): PolicyInput['boughtTogether'] {
  if (!nlu.intent || !PRODUCT_INTENTS.has(nlu.intent) || !insights.boughtTogether) return undefined;
  const product = nlu.entities.find((e) => e.type === 'product');
  if (!product) return undefined;
  const items = insights.boughtTogether(product.value, BOUGHT_TOGETHER);
  return items.length > 0 ? { productName: displayProductName(product.value), items } : undefined;
}
