// Retention offer rules a manager can read and edit (src/recommend/retention-offers.yaml, or RETENTION_OFFERS_FILE):
// loaded and checked with zod at start (an error names the rule, the field and its line), then matched first-rule-wins
// against a customer's churn risk, lifetime value, segment and contract.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import { RFM_SEGMENTS } from '../crm/rfm.js';

/** The rules shipped with the bot (copied next to the compiled file by `npm run build`). */
export const DEFAULT_RETENTION_OFFERS_FILE = fileURLToPath(new URL('./retention-offers.yaml', import.meta.url));

const probability = z.number().min(0).max(1);
const ruleSchema = z.strictObject({
  name: z.string().trim().min(1),
  when: z.strictObject({
    minChurn: probability.optional(),
    maxChurn: probability.optional(),
    minLifetimeValue: z.number().min(0).optional(),
    // A misspelt segment would silently never match: only the names the RFM scoring gives are accepted.
    segments: z.array(z.string().refine((s) => (RFM_SEGMENTS as readonly string[]).includes(s), { message: `is not an RFM segment (one of: ${RFM_SEGMENTS.join(', ')})` })).min(1).optional(),
    contracts: z.array(z.string().min(1)).min(1).optional(),
  }),
  offer: z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    title: z.string().trim().min(1).max(80),
    text: z.string().trim().min(1).max(600),
    /** How long an accepted offer stays on the customer's account (expiresAt = accepted + this many days). */
    validForDays: z.number().int().min(1).max(3650),
  }),
});
const fileSchema = z.strictObject({ offers: z.array(z.unknown()) });

export type OfferRule = z.infer<typeof ruleSchema>;
export type RetentionOffer = OfferRule['offer'];

export interface OfferCustomer {
  churn: number;
  lifetimeValue: number;
  segment?: string;
  contract?: string;
}

/** Validates rules; the error says which rule (by number and name) and which field is wrong. */
export function parseOfferRules(text: string, source: string): OfferRule[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) throw new AppError('RETENTION_OFFERS_INVALID', `${source} is not valid YAML`, { cause: doc.errors[0] });
  const raw: unknown = doc.toJS();
  /** " (line N)" for the deepest node of `path` that exists in the file. */
  const lineOf = (path: PropertyKey[]): string => {
    for (let n = path.length; n > 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return ` (line ${lines.linePos(node.range[0]).line})`;
    }
    return '';
  };
  const file = fileSchema.safeParse(raw);
  if (!file.success) throw new AppError('RETENTION_OFFERS_INVALID', `${source}: expected a list under "offers:"`);
  const rules = file.data.offers.map((entry, i) => {
    const parsed = ruleSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const name = (entry as { name?: unknown } | null)?.name;
      const where = lineOf(['offers', i, ...(issue?.path ?? [])]);
      throw new AppError('RETENTION_OFFERS_INVALID', `${source}: rule ${i + 1}${typeof name === 'string' ? ` "${name}"` : ''}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}${where}`);
    }
    return parsed.data;
  });
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.offer.id)) throw new AppError('RETENTION_OFFERS_INVALID', `${source}: rule ${i + 1} "${r.name}": offer id "${r.offer.id}" is used twice`);
    seen.add(r.offer.id);
  });
  return rules;
}

export function loadOfferRules(path = DEFAULT_RETENTION_OFFERS_FILE): OfferRule[] {
  if (!existsSync(path)) throw new AppError('RETENTION_OFFERS_INVALID', `retention offers file ${path} does not exist`);
  return parseOfferRules(readFileSync(path, 'utf8'), path);
}

/** The first rule whose every condition holds, or null. */
export function matchOffer(rules: readonly OfferRule[], c: OfferCustomer): OfferRule | null {
  return (
    rules.find(({ when: w }) =>
      (w.minChurn === undefined || c.churn >= w.minChurn) &&
      (w.maxChurn === undefined || c.churn <= w.maxChurn) &&
      (w.minLifetimeValue === undefined || c.lifetimeValue >= w.minLifetimeValue) &&
      (w.segments === undefined || (c.segment !== undefined && w.segments.includes(c.segment))) &&
      (w.contracts === undefined || (c.contract !== undefined && w.contracts.includes(c.contract))),
    ) ?? null
  );
}
