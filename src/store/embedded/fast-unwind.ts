// $unwind for the embedded store's fast path (see fast-pipeline.ts): one row per element of a top-level array field.
// `preserveNullAndEmptyArrays` keeps a document whose array is empty (field removed), null or missing, with a null
// `includeArrayIndex`; a scalar in the field, a dotted path or another option goes to mingo (Unsupported).
import { isPlain, unsupported, type Doc } from './fast-pipeline.js';

/**
 * Calls `emit` once per output row. `fresh` = a new object per row; otherwise one copy per input document, updated
 * in place for each element — for a consumer (a fused $group) that reads each row before the next one is emitted.
 */
export type Unwind = (docs: Doc[], emit: (row: Doc) => void, fresh: boolean) => void;

export function compileUnwind(spec: unknown): Unwind {
  const options = typeof spec === 'string' ? { path: spec } : isPlain(spec) ? spec : unsupported('$unwind');
  const { path, includeArrayIndex: index, preserveNullAndEmptyArrays: preserve = false } = options;
  const known = ['path', 'includeArrayIndex', 'preserveNullAndEmptyArrays'];
  if (typeof path !== 'string' || !/^\$[^.$]+$/u.test(path) || typeof preserve !== 'boolean' || Object.keys(options).some((k) => !known.includes(k))) return unsupported('$unwind options');
  if (index !== undefined && (typeof index !== 'string' || index === '' || index.includes('.') || index.startsWith('$'))) return unsupported('$unwind index');
  const field = path.slice(1);
  // Copied key by key: a spread with computed keys leaves V8 dictionary-mode objects, several times slower to make
  // and to read in the next stage.
  const copy = (d: Doc): Doc => {
    const o: Doc = {};
    for (const k in d) if (k !== field) o[k] = d[k];
    return o;
  };
  return (docs, emit, fresh) => {
    for (const d of docs) {
      const value = d[field];
      if (Array.isArray(value) && value.length > 0) {
        let row = copy(d);
        for (let i = 0; i < value.length; i++) {
          if (fresh && i > 0) row = copy(d);
          row[field] = value[i];
          if (index) row[index] = i;
          emit(row);
        }
      } else if (value !== undefined && value !== null && !Array.isArray(value)) {
        unsupported('$unwind of a non-array value');
      } else if (preserve) {
        const row = copy(d);
        if (value === null) row[field] = null;
        if (index) row[index] = null;
        emit(row);
      }
    }
  };
}
