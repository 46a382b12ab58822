// A small compiler for the aggregation pipelines the reports use, for the embedded store. mingo interprets every
// expression per document (about 30 µs each), which made a report over 100,000 messages take seconds; here each
// stage and expression is compiled once into plain closures. Only the shapes the reports and the CRM's whole-store
// figures (crm/crm-pipelines.ts) use are supported and only for the value types they hold (strings, numbers, null):
// anything else — an unknown operator at compile time or an unexpected value type at run time — throws Unsupported,
// and the caller runs the whole pipeline through mingo, so the answer is always mingo's (the pipelines stay the one
// definition of each report's maths).
type Doc = Record<string, unknown>;
type Expr = (doc: Doc) => unknown;
type Stage = (docs: Doc[]) => Doc[];

export class Unsupported extends Error {}
const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

const isPlain = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A dotted path; through an array it maps over the elements (as `$ranking.intent` does) or indexes it (`ranking.1`). */
function getter(path: string): Expr {
  const parts = path.split('.');
  if (parts.length === 1) return (doc) => doc[path];
  // Decided once per path, not per document.
  const indexes = parts.map((p) => (/^\d+$/u.test(p) ? Number(p) : -1));
  const walk = (value: unknown, i: number): unknown => {
    if (i === parts.length || value === undefined || value === null) return value;
    const key = parts[i]!;
    if (Array.isArray(value)) {
      if (indexes[i]! >= 0) return walk(value[indexes[i]!], i + 1);
      return value.map((el) => (isPlain(el) ? walk(el[key], i + 1) : unsupported('path through a non-object element'))).filter((v) => v !== undefined);
    }
    return isPlain(value) ? walk(value[key], i + 1) : undefined;
  };
  return (doc) => walk(doc, 0);
}

/** Orders two values of the same simple type; mixed types (BSON type order) are left to mingo. */
function compare(a: unknown, b: unknown): number {
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) return a < b ? -1 : a > b ? 1 : 0;
  return unsupported('comparison of mixed or complex types');
}

const num = (v: unknown): number => (typeof v === 'number' ? v : v instanceof Date ? unsupported('date arithmetic') : unsupported('arithmetic on a non-number'));
const truthy = (v: unknown): boolean => v !== undefined && v !== null && v !== false && v !== 0;
const args = (spec: unknown, n?: number): Expr[] => {
  if (!Array.isArray(spec) || (n !== undefined && spec.length !== n)) return unsupported('operator arguments');
  return spec.map(compileExpr);
};

const EXPRESSIONS: Record<string, (spec: unknown) => Expr> = {
  $cond: (spec) => {
    const [c, t, e] = Array.isArray(spec) ? args(spec, 3) : isPlain(spec) ? [spec.if, spec.then, spec.else].map(compileExpr) : unsupported('$cond');
    return (d) => (truthy(c!(d)) ? t!(d) : e!(d));
  },
  $ifNull: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => a!(d) ?? b!(d);
  },
  $eq: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const x = a!(d);
      const y = b!(d);
      if (x === null && y === null) return true;
      if (x === undefined || y === undefined) return unsupported('$eq with a missing value');
      if (typeof x === 'object' || typeof y === 'object') return x === null || y === null ? false : unsupported('$eq of objects');
      return x === y;
    };
  },
  $gte: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const x = a!(d);
      const y = b!(d);
      // In expressions (unlike queries) missing and null sort below numbers and strings.
      const xNull = x === undefined || x === null;
      const yNull = y === undefined || y === null;
      if (xNull && yNull) return unsupported('$gte of two missing values');
      return xNull ? false : yNull ? true : compare(x, y) >= 0;
    };
  },
  $in: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const x = a!(d);
      const list = b!(d);
      if (!Array.isArray(list) || (typeof x !== 'string' && typeof x !== 'number')) return unsupported('$in operands');
      return list.includes(x);
    };
  },
  $min: (spec) => {
    const xs = args(spec);
    return (d) => xs.map((x) => x(d)).filter((v) => v !== null && v !== undefined).reduce((m: unknown, v) => (m === undefined || compare(v, m) < 0 ? v : m), undefined) ?? null;
  },
  $floor: (spec) => {
    const [a] = Array.isArray(spec) ? args(spec, 1) : [compileExpr(spec)];
    return (d) => Math.floor(num(a!(d)));
  },
  $multiply: (spec) => {
    const xs = args(spec);
    return (d) => xs.reduce((p, x) => p * num(x(d)), 1);
  },
  $subtract: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const x = a!(d);
      const y = b!(d);
      if (x instanceof Date && y instanceof Date) return x.getTime() - y.getTime();
      return num(x) - num(y);
    };
  },
  $divide: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const y = num(b!(d));
      return y === 0 ? unsupported('division by zero') : num(a!(d)) / y;
    };
  },
  $arrayElemAt: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const list = a!(d);
      const i = num(b!(d));
      if (!Array.isArray(list) || !Number.isInteger(i) || i < 0) return unsupported('$arrayElemAt operands');
      return list[i];
    };
  },
  $substrBytes: (spec) => {
    const [s, start, len] = args(spec, 3);
    return (d) => {
      const str = s!(d);
      // Byte offsets equal character offsets only for ASCII (the ISO timestamps this is used on).
      if (typeof str !== 'string' || !/^[\x20-\x7e]*$/u.test(str)) return unsupported('$substrBytes on a non-ASCII value');
      const from = num(start!(d));
      return str.slice(from, from + num(len!(d)));
    };
  },
  $toDate: (spec) => {
    const a = compileExpr(spec);
    return (d) => {
      const v = a(d);
      const date = typeof v === 'string' ? new Date(v) : unsupported('$toDate of a non-string');
      return Number.isNaN(date.getTime()) ? unsupported('$toDate of an invalid date') : date;
    };
  },
  $size: (spec) => {
    const [a] = Array.isArray(spec) ? args(spec, 1) : [compileExpr(spec)];
    return (d) => {
      const list = a!(d);
      return Array.isArray(list) ? list.length : unsupported('$size of a non-array');
    };
  },
  $setDifference: (spec) => {
    const [a, b] = args(spec, 2);
    return (d) => {
      const x = a!(d);
      const y = b!(d);
      // Sets of strings, numbers and null only (what the CRM pipelines hold); objects compare by value in MongoDB.
      const simple = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'number';
      if (!Array.isArray(x) || !Array.isArray(y) || !x.every(simple) || !y.every(simple)) return unsupported('$setDifference operands');
      const drop = new Set(y);
      return [...new Set(x)].filter((v) => !drop.has(v));
    };
  },
  $type: (spec) => {
    const a = compileExpr(spec);
    return (d) => {
      const v = a(d);
      if (v === undefined) return 'missing';
      if (v === null) return 'null';
      if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
      return typeof v === 'string' ? 'string' : unsupported('$type of an object');
    };
  },
  $switch: (spec) => {
    if (!isPlain(spec) || !Array.isArray(spec.branches) || !('default' in spec)) return unsupported('$switch');
    const branches = spec.branches.map((b: unknown) => (isPlain(b) ? [compileExpr(b.case), compileExpr(b.then)] : unsupported('$switch branch')));
    const otherwise = compileExpr(spec.default);
    return (d) => {
      for (const [c, t] of branches) if (truthy(c!(d))) return t!(d);
      return otherwise(d);
    };
  },
};

export function compileExpr(spec: unknown): Expr {
  if (typeof spec === 'string') return spec.startsWith('$') ? (spec.startsWith('$$') ? unsupported('variables') : getter(spec.slice(1))) : () => spec;
  if (typeof spec === 'number' || typeof spec === 'boolean' || spec === null) return () => spec;
  if (Array.isArray(spec)) {
    const items = spec.map(compileExpr);
    return (d) => items.map((e) => e(d) ?? null);
  }
  if (!isPlain(spec)) return unsupported('expression');
  const keys = Object.keys(spec);
  if (keys.length === 1 && keys[0]!.startsWith('$')) {
    const op = EXPRESSIONS[keys[0]!];
    return op ? op(spec[keys[0]!]) : unsupported(keys[0]!);
  }
  if (keys.some((k) => k.startsWith('$'))) return unsupported('mixed operator object');
  const fields = keys.map((k) => [k, compileExpr(spec[k])] as const);
  return (d) => {
    const out: Doc = {};
    for (const [k, e] of fields) {
      const v = e(d);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
}

export { getter, compare, isPlain, unsupported };
export type { Doc, Expr, Stage };
