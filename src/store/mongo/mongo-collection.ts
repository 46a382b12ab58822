// One collection of the MongoDB store. Documents keep MongoDB's own ObjectId `_id` (never read back) and our key in
// its own field with a unique index: the in-process test server accepts only ObjectId `_id`s. Compare-and-set is one
// findOneAndUpdate whose filter holds the expected fields, which is atomic on a single server, a replica set or a
// sharded cluster alike. Gap on the test server (CongoDB): it does not enforce unique indexes, so there two concurrent
// upserts of one new key could both insert; real servers refuse the second (and retry it as an update).
import {
  MongoNetworkError, MongoNotConnectedError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError,
  type Collection, type Db, type Document,
} from 'mongodb';
import { AppError, isAppError } from '../../app-error.js';
import { decode, encode, modifierFor, type CollectionSpec, type Stored, type Update } from '../collection-spec.js';
import type { DocumentCollection, Filter, FindOptions, UpsertCounts } from '../document-collection.js';

const DUPLICATE_KEY = 11000;

/** Connection trouble becomes STORE_UNAVAILABLE, so callers can tell "down" from "wrong". */
export function storeError(error: unknown): unknown {
  if (isAppError(error)) return error;
  const down = error instanceof MongoNetworkError || error instanceof MongoServerSelectionError
    || error instanceof MongoNotConnectedError || error instanceof MongoTopologyClosedError;
  if (!down) return error;
  return new AppError('STORE_UNAVAILABLE', `MongoDB is unreachable: ${(error as Error).message}`, { status: 503, cause: error });
}

async function guard<R>(operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    throw storeError(error);
  }
}

export class MongoCollection<T> implements DocumentCollection<T> {
  private constructor(private readonly spec: CollectionSpec<T>, private readonly collection: Collection<Document>) {}

  /** Creates the indexes (idempotent on every start); the unique key index backs upserts and inserts on real servers. */
  static async open<T>(spec: CollectionSpec<T>, db: Db): Promise<MongoCollection<T>> {
    const collection = db.collection(spec.name);
    await collection.createIndex({ [spec.key]: 1 }, { unique: true });
    for (const fields of spec.indexes) await collection.createIndex(Object.fromEntries(fields.map((f) => [f, 1])));
    return new MongoCollection(spec, collection);
  }

  private keyOf(doc: T): string {
    return String(doc[this.spec.key]);
  }

  private read = (stored: Document): T => decode(this.spec, stored as Stored);

  // Every method is async so that a validation error arrives as a rejection, never as a synchronous throw.
  async get(key: string): Promise<T | null> {
    return this.findOne({ [this.spec.key]: key });
  }

  async getMany(keys: string[]): Promise<T[]> {
    return this.find({ [this.spec.key]: { $in: keys } });
  }

  async findOne(filter: Filter): Promise<T | null> {
    return guard(async () => {
      const doc = await this.collection.findOne(filter);
      return doc ? this.read(doc) : null;
    });
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return guard(async () => {
      const cursor = this.collection.find(filter, { sort: options.sort, skip: options.skip, limit: options.limit });
      return (await cursor.toArray()).map(this.read);
    });
  }

  async count(filter: Filter = {}): Promise<number> {
    return guard(() => this.collection.countDocuments(filter));
  }

  async insert(doc: T): Promise<void> {
    const duplicate = () => new AppError('DUPLICATE_ID', `${this.spec.name} ${this.keyOf(doc)} already exists`, { status: 409 });
    return guard(async () => {
      // Insert-if-absent as an upsert, so a duplicate is refused even where unique indexes are not enforced.
      try {
        const result = await this.collection.updateOne({ [this.spec.key]: this.keyOf(doc) }, { $setOnInsert: encode(this.spec, doc) }, { upsert: true });
        if (result.upsertedCount === 0) throw duplicate();
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) throw duplicate();
        throw error;
      }
    });
  }

  async upsert(doc: T): Promise<boolean> {
    return guard(async () => {
      const result = await this.collection.replaceOne({ [this.spec.key]: this.keyOf(doc) }, encode(this.spec, doc), { upsert: true });
      return result.upsertedCount === 1;
    });
  }

  async upsertMany(docs: T[]): Promise<UpsertCounts> {
    if (docs.length === 0) return { inserted: 0, updated: 0 };
    // Last one wins when a key repeats; after that the writes are independent, so the server may run them in any order.
    const batch = new Map(docs.map((doc) => [this.keyOf(doc), doc]));
    const writes = [...batch].map(([key, doc]) => ({
      replaceOne: { filter: { [this.spec.key]: key }, replacement: encode(this.spec, doc), upsert: true },
    }));
    return guard(async () => {
      const result = await this.collection.bulkWrite(writes, { ordered: false });
      return { inserted: result.upsertedCount, updated: docs.length - result.upsertedCount };
    });
  }

  async deleteMany(filter: Filter): Promise<number> {
    return guard(async () => (await this.collection.deleteMany(filter)).deletedCount);
  }

  async aggregate(pipeline: Stored[]): Promise<Stored[]> {
    return guard(async () => (await this.collection.aggregate(pipeline, { allowDiskUse: true }).toArray()) as Stored[]);
  }

  async update(filter: Filter, update: Update<T>): Promise<T | null> {
    const modifier = modifierFor(this.spec, update);
    if (!modifier) return this.findOne(filter);
    return guard(async () => {
      const doc = await this.collection.findOneAndUpdate(filter, { ...modifier }, { returnDocument: 'after' });
      return doc ? this.read(doc) : null;
    });
  }
}
