// How each collection is stored, shared by both stores: its key, schema, indexes, and the codec between a port
// document and its stored form (validated, undefined dropped, opaque objects as JSON text, lookup fields added).
import type { z } from 'zod';
import { AppError } from '../app-error.js';
import { isSealed, missingKeyError, type FieldCipher } from '../security/field-encryption.js';

export type Stored = Record<string, unknown>;

export interface CollectionSpec<T> {
  name: string;
  /** The field that identifies a document (NeDB keeps it as `_id` too; MongoDB has a unique index on it). */
  key: keyof T & string;
  schema: z.ZodObject;
  /** Field lists that queries filter and sort on: MongoDB gets the compound index, NeDB indexes the first field. */
  indexes: string[][];
  /** Free-form objects stored as JSON text: their keys may contain `$` or `.`, which NeDB and MongoDB updates reject. */
  opaque?: (keyof T & string)[];
  /**
   * Extra stored fields for lookups, never read back; `compute` returns every one of `fields` (null when empty), so
   * a document written before a field existed can be found by its absence and rewritten. Collections that have them
   * are only written whole.
   */
  derived?: { fields: string[]; compute: (doc: T, cipher?: FieldCipher) => Stored };
  /** Personal string fields encrypted at rest when a cipher is configured (DATA_ENCRYPTION_KEY). */
  sealed?: (keyof T & string)[];
  /** Set by the store at open time from the configuration; absent = plaintext (development). */
  cipher?: FieldCipher;
}

/** What `update` may change: a patch (a key set to undefined removes that field) and values added to arrays. */
export interface Update<T> {
  patch?: Partial<T>;
  addToSet?: Partial<Record<keyof T & string, string>>;
}

/** The modifier syntax NeDB and MongoDB share. */
export interface Modifier {
  $set?: Stored;
  $unset?: Record<string, true>;
  $addToSet?: Record<string, string>;
}

function invalid(spec: { name: string; key: string }, doc: unknown, error: z.ZodError): AppError {
  const id = typeof doc === 'object' && doc !== null ? String((doc as Stored)[spec.key] ?? '?') : '?';
  const where = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return new AppError('STORE_INVALID_DOCUMENT', `Invalid ${spec.name} document ${id}: ${where}`, { cause: error });
}

/** Copies plain JSON data without undefined values, so both stores hold exactly what a reload would give. */
function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value === null || typeof value !== 'object') return value;
  const out: Stored = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = dropUndefined(v);
  return out;
}

function encodeOpaque<T>(spec: CollectionSpec<T>, doc: Stored): Stored {
  for (const field of spec.opaque ?? []) if (doc[field] !== undefined) doc[field] = JSON.stringify(doc[field]);
  return doc;
}

function seal<T>(spec: CollectionSpec<T>, doc: Stored): Stored {
  if (!spec.cipher) return doc;
  for (const field of spec.sealed ?? []) if (typeof doc[field] === 'string') doc[field] = spec.cipher.encrypt(doc[field]);
  return doc;
}

function unseal<T>(spec: CollectionSpec<T>, doc: Stored): Stored {
  for (const field of spec.sealed ?? []) {
    const value = doc[field];
    if (!isSealed(value)) continue;
    const where = `${spec.name} ${String(doc[spec.key] ?? '?')} field ${field}`;
    if (!spec.cipher) throw missingKeyError(where);
    doc[field] = spec.cipher.decrypt(value, where);
  }
  return doc;
}

export function encode<T>(spec: CollectionSpec<T>, doc: T): Stored {
  const parsed = spec.schema.safeParse(doc);
  if (!parsed.success) throw invalid(spec, doc, parsed.error);
  const stored = seal(spec, encodeOpaque(spec, dropUndefined(parsed.data) as Stored));
  return spec.derived ? { ...stored, ...spec.derived.compute(doc, spec.cipher) } : stored;
}

/** Reads a stored document back: opaque fields parsed, then validated (which also strips `_id` and lookup fields). */
export function decode<T>(spec: CollectionSpec<T>, stored: Stored): T {
  const doc: Stored = unseal(spec, { ...stored });
  for (const field of spec.opaque ?? []) {
    const text = doc[field];
    if (typeof text !== 'string') continue; // written as an object by an earlier version
    try {
      doc[field] = JSON.parse(text) as unknown;
    } catch {
      // Left as text: the schema check below reports it with the document's id.
    }
  }
  const parsed = spec.schema.safeParse(doc);
  if (!parsed.success) throw invalid(spec, stored, parsed.error);
  return parsed.data as T;
}

// Building a partial schema compiles a new validator in zod 4 (hundreds of microseconds per call, every turn updates
// its conversation): one per schema, made on first use.
const partialSchemas = new WeakMap<z.ZodObject, z.ZodObject>();

function partialOf(schema: z.ZodObject): z.ZodObject {
  let partial = partialSchemas.get(schema);
  if (!partial) {
    partial = schema.partial();
    partialSchemas.set(schema, partial);
  }
  return partial;
}

/** Turns an update into a modifier, or null when it changes nothing (NeDB would read `{}` as "replace with empty"). */
export function modifierFor<T>(spec: CollectionSpec<T>, update: Update<T>): Modifier | null {
  const set: Stored = {};
  const unset: Record<string, true> = {};
  for (const [field, value] of Object.entries(update.patch ?? {})) {
    if (field === spec.key || field === '_id') continue;
    if (value === undefined) unset[field] = true;
    else set[field] = value;
  }
  const checked = partialOf(spec.schema).safeParse(set);
  if (!checked.success) throw invalid(spec, set, checked.error);
  // Removing a required field would leave a document that can no longer be read back.
  const required = Object.keys(unset).filter((field) => spec.schema.shape[field]?.safeParse(undefined).success === false);
  if (required.length > 0) throw new AppError('STORE_INVALID_DOCUMENT', `Cannot remove required ${spec.name} fields: ${required.join(', ')}`);
  const modifier: Modifier = {};
  const encoded = seal(spec, encodeOpaque(spec, dropUndefined(checked.data) as Stored));
  if (Object.keys(encoded).length > 0) modifier.$set = encoded;
  if (Object.keys(unset).length > 0) modifier.$unset = unset;
  if (update.addToSet && Object.keys(update.addToSet).length > 0) modifier.$addToSet = update.addToSet as Record<string, string>;
  return Object.keys(modifier).length > 0 ? modifier : null;
}
