// Fills reply templates from intents/: picks the variant, then a template whose {slots} are all known.
import type { IntentCatalog } from '../nlu/intent-catalog.js';

export type Slots = Record<string, string | number | undefined>;

const SLOT = /\{(\w+)\}/g;

function slotsOf(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1] ?? '');
}

export function fill(template: string, slots: Slots): string {
  return template.replace(SLOT, (_, name: string) => String(slots[name] ?? ''));
}

/**
 * Chooses among the variant's templates those with every slot filled, preferring the most specific (most slots);
 * `turn` rotates between equally specific templates so a repeated question does not get a word-for-word repeat.
 */
export function pickTemplate(templates: string[], slots: Slots, turn: number): string | null {
  const usable = templates.filter((t) => slotsOf(t).every((s) => slots[s] !== undefined && slots[s] !== ''));
  if (usable.length === 0) return null;
  const best = Math.max(...usable.map((t) => new Set(slotsOf(t)).size));
  const top = usable.filter((t) => new Set(slotsOf(t)).size === best);
  return top[turn % top.length] ?? null;
}

export interface ResponseRenderer {
  /** The reply text for an intent's variant, falling back to "default"; null when the intent is unknown. */
  render(intent: string, variant: string, slots: Slots, turn: number): string | null;
  /** Whether the intent has replies of its own for this variant (render would otherwise fall back to "default"). */
  hasVariant(intent: string, variant: string): boolean;
  suggestions(intent: string): string[];
  description(intent: string): string | undefined;
}

export function createResponseRenderer(catalog: IntentCatalog): ResponseRenderer {
  return {
    render(intent, variant, slots, turn) {
      const def = catalog.byName.get(intent);
      if (!def) return null;
      const chosen = pickTemplate(def.responses[variant] ?? [], slots, turn) ?? pickTemplate(def.responses.default ?? [], slots, turn);
      return chosen === null ? null : fill(chosen, slots);
    },
    hasVariant: (intent, variant) => (catalog.byName.get(intent)?.responses[variant]?.length ?? 0) > 0,
    suggestions: (intent) => catalog.byName.get(intent)?.suggestions ?? [],
    description: (intent) => catalog.byName.get(intent)?.description,
  };
}
