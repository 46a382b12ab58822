// Masks personal data in free text: e-mail addresses, and phone, card and account numbers (runs of 8+ digits,
// spaces and dashes allowed). Order ids (6–7 digits) stay readable.
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const LONG_DIGITS = /\+?\d[\d ()-]{6,}\d/g;

export function redactText(text: string): string {
  return text.replace(EMAIL, '[email]').replace(LONG_DIGITS, '[number]');
}

const SENSITIVE_ENTITY_TYPES = new Set(['email', 'phone', 'card', 'account']);

/** The same entities with personal values masked, for storage when redaction is on. */
export function redactEntities<T extends { type: string; text: string; value: string }>(entities: T[]): T[] {
  return entities.map((e) => (SENSITIVE_ENTITY_TYPES.has(e.type) ? { ...e, text: redactText(e.text), value: `[${e.type}]` } : e));
}
