// A typed, promise-based wrapper over one NeDB datastore: our `id` is NeDB's `_id`, and `_id` never leaks out.
import nedb from '@seald-io/nedb';

export type Query = Record<string, unknown>;

interface NedbCursor<T> {
  sort(spec: Record<string, 1 | -1>): NedbCursor<T>;
  skip(n: number): NedbCursor<T>;
  limit(n: number): NedbCursor<T>;
  execAsync(): Promise<T[]>;
}

interface NedbDatastore<T> {
  loadDatabaseAsync(): Promise<void>;
  ensureIndexAsync(options: { fieldName: string | string[]; unique?: boolean; sparse?: boolean }): Promise<void>;
  insertAsync(doc: T | T[]): Promise<T | T[]>;
  findOneAsync(query: Query): Promise<T | null>;
  findAsync(query: Query): NedbCursor<T>;
  countAsync(query: Query): Promise<number>;
  updateAsync(query: Query, update: Query, options?: { upsert?: boolean; multi?: boolean; returnUpdatedDocs?: boolean }): Promise<{ numAffected: number; affectedDocuments: T | T[] | null; upsert: boolean }>;
  removeAsync(query: Query, options?: { multi?: boolean }): Promise<number>;
  compactDatafileAsync(): Promise<void>;
  executor: { queue: { length: number } };
}

type DatastoreConstructor = new (options: { filename: string; autoload?: boolean }) => NedbDatastore<Record<string, unknown>>;
// The package's typings do not describe its ESM default export under NodeNext; this is the one untyped seam.
const Datastore = ((nedb as unknown as { default?: DatastoreConstructor }).default ?? nedb) as unknown as DatastoreConstructor;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

function strip<T>(doc: Record<string, unknown> | null): T | null {
  if (!doc) return null;
  const { _id: _ignored, ...rest } = doc;
  return rest as T;
}

export class NedbCollection<T extends object> {
  private constructor(private readonly db: NedbDatastore<Record<string, unknown>>) {}

  static async open<T extends object>(filename: string, indexes: string[] = []): Promise<NedbCollection<T>> {
    const db = new Datastore({ filename });
    await db.loadDatabaseAsync();
    for (const fieldName of indexes) await db.ensureIndexAsync({ fieldName });
    return new NedbCollection<T>(db);
  }

  async get(id: string): Promise<T | null> {
    return strip<T>(await this.db.findOneAsync({ _id: id }));
  }

  async findOne(query: Query): Promise<T | null> {
    return strip<T>(await this.db.findOneAsync(query));
  }

  async find(query: Query, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.db.findAsync(query);
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit !== undefined) cursor = cursor.limit(options.limit);
    return (await cursor.execAsync()).map((d) => strip<T>(d) as T);
  }

  count(query: Query = {}): Promise<number> {
    return this.db.countAsync(query);
  }

  /** Inserts a new document; fails when the id exists. */
  async insert(id: string, doc: T): Promise<void> {
    await this.db.insertAsync({ ...doc, _id: id });
  }

  /** Inserts or replaces by id; idempotent. Returns whether the document was new. */
  async replace(id: string, doc: T): Promise<boolean> {
    const result = await this.db.updateAsync({ _id: id }, { ...doc, _id: id }, { upsert: true });
    return result.upsert;
  }

  async replaceMany(docs: { id: string; doc: T }[]): Promise<{ inserted: number; updated: number }> {
    const ids = docs.map((d) => d.id);
    const existing = new Set((await this.db.findAsync({ _id: { $in: ids } }).execAsync()).map((d) => String(d._id)));
    const fresh: { id: string; doc: T }[] = [];
    const later: { id: string; doc: T }[] = [];
    for (const d of docs) {
      if (existing.has(d.id)) later.push(d);
      else {
        existing.add(d.id);
        fresh.push(d);
      }
    }
    if (fresh.length > 0) await this.db.insertAsync(fresh.map((d) => ({ ...d.doc, _id: d.id })));
    // Documents that existed (or repeat within the batch) are replaced one by one; NeDB appends each to its log.
    for (const { id, doc } of later) await this.db.updateAsync({ _id: id }, { ...doc, _id: id }, {});
    return { inserted: fresh.length, updated: later.length };
  }

  /** Applies `$set`-style changes only when `query` matches; atomic because NeDB runs operations one at a time. */
  async updateWhere(query: Query, update: Query): Promise<T | null> {
    const result = await this.db.updateAsync(query, update, { returnUpdatedDocs: true });
    if (result.numAffected === 0 || !result.affectedDocuments) return null;
    const doc = Array.isArray(result.affectedDocuments) ? result.affectedDocuments[0] ?? null : result.affectedDocuments;
    return strip<T>(doc);
  }

  compact(): Promise<void> {
    return this.db.compactDatafileAsync();
  }
}
