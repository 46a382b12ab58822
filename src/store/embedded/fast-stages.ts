// The pipeline stages of the embedded store's fast path ($match, $group, $project, $unwind, $sort, $skip, $limit,
// $count, $facet), compiled once per call from the same pipeline MongoDB runs. See fast-pipeline.ts for when it gives way to
// mingo (Unsupported), which is what keeps the results identical.
import { compare, compileExpr, getter, isPlain, unsupported, type Doc, type Expr, type Stage } from './fast-pipeline.js';
import { compileUnwind } from './fast-unwind.js';

type Test = (doc: Doc) => boolean;
type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Query paths may index arrays (`ranking.1`) but not match inside them, which the reports never need. */
function queryGetter(path: string): Expr {
  const get = getter(path);
  return (doc) => {
    const v = get(doc);
    return Array.isArray(v) ? unsupported('query on an array value') : v;
  };
}

/** Range operators only match values of the operand's own type (MongoDB's type bracketing). */
function range(get: Expr, operand: unknown, ok: (c: number) => boolean): Test {
  if (typeof operand !== 'string' && typeof operand !== 'number') return unsupported('range operand');
  return (d) => {
    const v = get(d);
    return typeof v === typeof operand && ok(compare(v, operand));
  };
}

function fieldTest(path: string, cond: unknown): Test {
  const get = queryGetter(path);
  if (isScalar(cond)) return (d) => get(d) === cond;
  if (!isPlain(cond) || Object.keys(cond).some((k) => !k.startsWith('$'))) return unsupported('query condition');
  const tests = Object.entries(cond).map(([op, operand]): Test => {
    switch (op) {
      case '$eq':
        return isScalar(operand) ? (d) => get(d) === operand : unsupported('$eq operand');
      case '$gte':
        return range(get, operand, (c) => c >= 0);
      case '$gt':
        return range(get, operand, (c) => c > 0);
      case '$lt':
        return range(get, operand, (c) => c < 0);
      case '$lte':
        return range(get, operand, (c) => c <= 0);
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand) || !operand.every(isScalar)) return unsupported(`${op} operand`);
        const set = new Set<unknown>(operand);
        return op === '$in' ? (d) => set.has(get(d)) : (d) => !set.has(get(d));
      }
      case '$exists':
        return (d) => (get(d) !== undefined) === Boolean(operand);
      default:
        return unsupported(op);
    }
  });
  return (d) => tests.every((t) => t(d));
}

export function compileQuery(query: unknown): Test {
  if (!isPlain(query)) return unsupported('query');
  const tests = Object.entries(query).map(([key, cond]): Test => {
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(cond) || cond.length === 0) return unsupported(key);
      const subs = cond.map(compileQuery);
      return key === '$or' ? (d) => subs.some((t) => t(d)) : (d) => subs.every((t) => t(d));
    }
    return key.startsWith('$') ? unsupported(key) : fieldTest(key, cond);
  });
  return (d) => tests.every((t) => t(d));
}

interface Accumulator {
  init: () => unknown;
  add: (acc: unknown, value: unknown) => unknown;
  done: (acc: unknown) => unknown;
}

// Missing values become null for $push/$addToSet/$first/$last and are skipped by $max/$min, as mingo does.
const ACCUMULATORS: Record<string, Accumulator> = {
  $sum: { init: () => 0, add: (acc, v) => (typeof v === 'number' ? (acc as number) + v : acc), done: (acc) => acc },
  $max: { init: () => null, add: (acc, v) => (v === undefined || v === null ? acc : acc === null || compare(v, acc) > 0 ? v : acc), done: (acc) => acc },
  $min: { init: () => null, add: (acc, v) => (v === undefined || v === null ? acc : acc === null || compare(v, acc) < 0 ? v : acc), done: (acc) => acc },
  $push: { init: () => [], add: (acc, v) => ((acc as unknown[]).push(v ?? null), acc), done: (acc) => acc },
  $addToSet: {
    init: () => new Set<unknown>(),
    add: (acc, v) => (v !== null && typeof v === 'object' ? unsupported('$addToSet of an object') : (acc as Set<unknown>).add(v ?? null)),
    done: (acc) => [...(acc as Set<unknown>)],
  },
  $first: { init: () => undefined, add: (acc, v) => (acc === undefined ? [v ?? null] : acc), done: (acc) => (acc as unknown[] | undefined)?.[0] ?? null },
  $last: { init: () => null, add: (_acc, v) => v ?? null, done: (acc) => acc },
};

/** A $group fed one document at a time, so a preceding $unwind can feed it without making every row (see below). */
interface Grouping {
  add(doc: Doc): void;
  rows(): Doc[];
}

function compileGroup(spec: unknown): () => Grouping {
  if (!isPlain(spec) || !('_id' in spec)) return unsupported('$group');
  const id = compileExpr(spec._id);
  const fields = Object.entries(spec)
    .filter(([k]) => k !== '_id')
    .map(([name, acc]) => {
      const [op, ...rest] = isPlain(acc) ? Object.keys(acc) : [];
      const a = op && rest.length === 0 ? ACCUMULATORS[op] : undefined;
      return a ? { name, a, value: compileExpr((acc as Doc)[op!]) } : unsupported(`accumulator of ${name}`);
    });
  return () => {
    const groups = new Map<string, { id: unknown; accs: unknown[] }>();
    // Rows of one group often come in a run (the rows of one unwound document): the last string key skips the lookup.
    let last: { key: string; group: { id: unknown; accs: unknown[] } } | null = null;
    return {
      add(d) {
        const key = id(d) ?? null;
        let g = typeof key === 'string' && last?.key === key ? last.group : undefined;
        if (!g) {
          const k = typeof key === 'string' ? `s${key}` : `j${JSON.stringify(key)}`;
          g = groups.get(k);
          if (!g) groups.set(k, (g = { id: key, accs: fields.map((f) => f.a.init()) }));
          if (typeof key === 'string') last = { key, group: g };
        }
        for (let i = 0; i < fields.length; i++) g.accs[i] = fields[i]!.a.add(g.accs[i], fields[i]!.value(d));
      },
      rows: () =>
        [...groups.values()].map((g) => {
          const out: Doc = { _id: g.id };
          fields.forEach((f, i) => (out[f.name] = f.a.done(g.accs[i])));
          return out;
        }),
    };
  };
}

const groupStage = (make: () => Grouping): Stage => (docs) => {
  const grouping = make();
  for (const d of docs) grouping.add(d);
  return grouping.rows();
};

function compileProject(spec: unknown): Stage {
  if (!isPlain(spec)) return unsupported('$project');
  const keepId = spec._id !== 0 && spec._id !== false;
  const fields = Object.entries(spec)
    .filter(([k]) => k !== '_id')
    .map(([k, v]): [string, Expr] => {
      if (k.includes('.') || k.startsWith('$') || v === 0 || v === false) return unsupported('$project field');
      return [k, v === 1 || v === true ? (d) => d[k] : compileExpr(v)];
    });
  if (isPlain(spec._id) || typeof spec._id === 'string') return unsupported('$project of a computed _id');
  return (docs) =>
    docs.map((d) => {
      const out: Doc = keepId && d._id !== undefined ? { _id: d._id } : {};
      for (const [k, e] of fields) {
        const v = e(d);
        if (v !== undefined) out[k] = v;
      }
      return out;
    });
}

function compileSort(spec: unknown): Stage {
  if (!isPlain(spec)) return unsupported('$sort');
  const keys = Object.entries(spec).map(([k, dir]) => (dir === 1 || dir === -1 ? { get: queryGetter(k), dir } : unsupported('$sort direction')));
  return (docs) =>
    [...docs].sort((a, b) => {
      for (const { get, dir } of keys) {
        const c = compare(get(a), get(b));
        if (c !== 0) return c * dir;
      }
      return 0;
    });
}

function compileStage(stage: unknown): Stage {
  if (!isPlain(stage) || Object.keys(stage).length !== 1) return unsupported('stage');
  const [name, spec] = Object.entries(stage)[0]!;
  const count = (n: unknown): number => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : unsupported(`${name} value`));
  switch (name) {
    case '$match': {
      const test = compileQuery(spec);
      return (docs) => docs.filter(test);
    }
    case '$group':
      return groupStage(compileGroup(spec));
    case '$project':
      return compileProject(spec);
    case '$unwind': {
      const unwind = compileUnwind(spec);
      return (docs) => {
        const out: Doc[] = [];
        unwind(docs, (d) => out.push(d), true);
        return out;
      };
    }
    case '$sort':
      return compileSort(spec);
    case '$skip':
      return (docs) => docs.slice(count(spec));
    case '$limit':
      return (docs) => docs.slice(0, count(spec));
    case '$count':
      return typeof spec === 'string' ? (docs) => [{ [spec]: docs.length }] /* mingo counts 0 too */ : unsupported('$count');
    case '$facet': {
      if (!isPlain(spec)) return unsupported('$facet');
      const branches = Object.entries(spec).map(([k, p]) => [k, compilePipeline(p)] as const);
      return (docs) => [Object.fromEntries(branches.map(([k, run]) => [k, run(docs)]))];
    }
    default:
      return unsupported(name);
  }
}

export function compilePipeline(pipeline: unknown): Stage {
  if (!Array.isArray(pipeline)) return unsupported('pipeline');
  const stages: Stage[] = [];
  for (let i = 0; i < pipeline.length; i++) {
    const [stage, next] = [pipeline[i] as unknown, pipeline[i + 1] as unknown];
    // $unwind then $group: each unwound row goes straight into the group, one reused copy per input document, instead
    // of one new object per array element (400,000 order lines). Only a $$ROOT accumulator could keep that copy, and
    // variables are never compiled.
    if (isPlain(stage) && isPlain(next) && '$unwind' in stage && '$group' in next && Object.keys(stage).length === 1 && Object.keys(next).length === 1) {
      const unwind = compileUnwind(stage.$unwind);
      const group = compileGroup(next.$group);
      stages.push((docs) => {
        const grouping = group();
        unwind(docs, (d) => grouping.add(d), false);
        return grouping.rows();
      });
      i++;
    } else {
      stages.push(compileStage(stage));
    }
  }
  return (docs) => stages.reduce((acc, stage) => stage(acc), docs);
}

/** Runs the pipeline over the documents without changing them; throws Unsupported where mingo must answer instead. */
export function runFastPipeline(pipeline: unknown, docs: Doc[]): Doc[] {
  // A copy, so callers can never reach (and change) the store's in-memory documents.
  return structuredClone(compilePipeline(pipeline)(docs));
}
