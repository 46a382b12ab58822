// One collection of the embedded store on one NeDB file. Our key is also NeDB's `_id` (its built-in unique index);
// documents are validated on the way in and out. NeDB runs operations one at a time through its executor and appends
// each change to the file before it answers, so an update whose query holds the expected fields is a real
// compare-and-set, and an acknowledged write survives kill -9 (not power loss: there is no fsync).
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { Aggregator } from 'mingo';
import { AppError } from '../../app-error.js';
import type { Logger } from '../../logger.js';
import { decode, encode, modifierFor, type CollectionSpec, type Stored, type Update } from '../collection-spec.js';
import type { DocumentCollection, Filter, FindOptions, UpsertCounts } from '../document-collection.js';
import { Unsupported } from './fast-pipeline.js';
import { runFastPipeline } from './fast-stages.js';
import { isUniqueViolation, openDatastore, type NedbDatastore } from './nedb-datastore.js';

/** Replaced or changed documents leave dead lines in the file; compact once they outnumber the live ones. */
const MIN_STALE_BEFORE_COMPACTION = 1000;

export class NedbCollection<T> implements DocumentCollection<T> {
  private stale = 0;
  private closed = false;

  private constructor(private readonly spec: CollectionSpec<T>, private readonly datastore: NedbDatastore, private readonly logger: Logger) {}

  static async open<T>(spec: CollectionSpec<T>, dataDir: string, logger: Logger): Promise<NedbCollection<T>> {
    const datastore = await openDatastore(join(dataDir, `${spec.name}.db`));
    // NeDB plans a query with one single-field index, so the leading field of each compound index is what helps.
    const fields = new Set(spec.indexes.map((fields) => fields[0]).filter((f): f is string => f !== undefined && f !== spec.key));
    for (const fieldName of fields) await datastore.ensureIndexAsync({ fieldName });
    return new NedbCollection(spec, datastore, logger);
  }

  private get db(): NedbDatastore {
    if (this.closed) throw new AppError('STORE_CLOSED', `The ${this.spec.name} store is closed`, { status: 503 });
    return this.datastore;
  }

  /** Our key field is `_id` in the file, which NeDB indexes. */
  private query(filter: Filter): Filter {
    if (!(this.spec.key in filter)) return filter;
    const { [this.spec.key]: key, ...rest } = filter;
    return { ...rest, _id: key };
  }

  private toStored(doc: T): Stored {
    return { ...encode(this.spec, doc), _id: String(doc[this.spec.key]) };
  }

  private read = (stored: Stored): T => decode(this.spec, stored);

  async get(key: string): Promise<T | null> {
    const doc = await this.db.findOneAsync({ _id: key });
    return doc ? this.read(doc) : null;
  }

  async getMany(keys: string[]): Promise<T[]> {
    return (await this.db.findAsync({ _id: { $in: keys } }).execAsync()).map(this.read);
  }

  async findOne(filter: Filter): Promise<T | null> {
    const doc = await this.db.findOneAsync(this.query(filter));
    return doc ? this.read(doc) : null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    let cursor = this.db.findAsync(this.query(filter));
    if (options.sort) cursor = cursor.sort(options.sort);
    if (options.skip) cursor = cursor.skip(options.skip);
    if (options.limit) cursor = cursor.limit(options.limit);
    return (await cursor.execAsync()).map(this.read);
  }

  async count(filter: Filter = {}): Promise<number> {
    return this.db.countAsync(this.query(filter));
  }

  async insert(doc: T): Promise<void> {
    try {
      await this.db.insertAsync(this.toStored(doc));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('DUPLICATE_ID', `${this.spec.name} ${String(doc[this.spec.key])} already exists`, { status: 409, cause: error });
      throw error;
    }
  }

  async upsert(doc: T): Promise<boolean> {
    const stored = this.toStored(doc);
    const result = await this.db.updateAsync({ _id: stored._id }, stored, { upsert: true });
    if (!result.upsert) this.changed(1);
    return result.upsert;
  }

  async upsertMany(docs: T[]): Promise<UpsertCounts> {
    // Last one wins when a key repeats within the batch.
    const batch = new Map<string, Stored>();
    for (const doc of docs) batch.set(String(doc[this.spec.key]), this.toStored(doc));
    const existing = new Map((await this.db.findAsync({ _id: { $in: [...batch.keys()] } }).execAsync()).map((d) => [String(d._id), d]));
    const fresh = [...batch.values()].filter((d) => !existing.has(String(d._id)));
    // One append for all new documents; replacements go one by one, and unchanged ones (a re-import) not at all.
    if (fresh.length > 0) {
      try {
        await this.db.insertAsync(fresh);
      } catch (error) {
        // A concurrent write created one of them since the read above; NeDB rolled the whole insert back: start over.
        if (isUniqueViolation(error)) return this.upsertMany(docs);
        throw error;
      }
    }
    const changed = [...batch.values()].filter((d) => {
      const old = existing.get(String(d._id));
      return old !== undefined && !isDeepStrictEqual(old, d);
    });
    await Promise.all(changed.map((d) => this.db.updateAsync({ _id: d._id }, d, {})));
    this.changed(changed.length);
    return { inserted: fresh.length, updated: docs.length - fresh.length };
  }

  async update(filter: Filter, update: Update<T>): Promise<T | null> {
    const modifier = modifierFor(this.spec, update);
    if (!modifier) return this.findOne(filter);
    const result = await this.db.updateAsync(this.query(filter), modifier, { returnUpdatedDocs: true });
    const doc = Array.isArray(result.affectedDocuments) ? result.affectedDocuments[0] : result.affectedDocuments;
    if (result.numAffected === 0 || !doc) return null;
    this.changed(1);
    return this.read(doc);
  }

  async deleteMany(filter: Filter): Promise<number> {
    const removed = await this.db.removeAsync(this.query(filter), { multi: true });
    this.changed(removed);
    return removed;
  }

  /**
   * mingo runs the whole pipeline, its $match included, over the documents NeDB holds in memory. Asking NeDB to find
   * the $match first would give the same documents but deep-copies each one (1.5 s for 100,000 messages on a busy
   * 2-core machine), and mingo never changes its input. The results are the numbers MongoDB computes.
   */
  async aggregate(pipeline: Stored[]): Promise<Stored[]> {
    const docs = this.db.getAllData();
    try {
      return runFastPipeline(pipeline, docs) as Stored[];
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      // Rare shapes or value types: mingo gives the answer (slower, same semantics the fast path copies).
      this.logger.debug('store.embedded.aggregate.mingo', { collection: this.spec.name, reason: error.message });
      return new Aggregator(pipeline).run(docs) as Stored[];
    }
  }

  private changed(n: number): void {
    this.stale += n;
    // Counting the live documents walks the whole index, so only once there is something worth compacting.
    if (this.stale < MIN_STALE_BEFORE_COMPACTION || this.stale < this.datastore.getAllData().length) return;
    this.stale = 0;
    // Queued behind pending writes by NeDB's executor; a failed compaction loses nothing (the old file stays).
    this.datastore.compactDatafileAsync().catch((error: unknown) => this.logger.warn('store.embedded.compact.failed', { collection: this.spec.name, error: String(error) }));
  }

  /** Waits for queued operations, compacts when anything was replaced, and refuses use afterwards. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.datastore.countAsync({ _id: '' });
    this.closed = true;
    if (this.stale > 0) await this.datastore.compactDatafileAsync();
  }
}
