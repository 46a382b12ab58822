// The few operations the ports need from a collection, implemented once per database (NeDB, MongoDB); the ports
// themselves are written once on top of this in collection-store.ts.
import type { Stored, Update } from './collection-spec.js';

/** A MongoDB-style filter on stored fields; only what both databases share: equality, $in, $gt, $exists. */
export type Filter = Record<string, unknown>;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  /** 0 or absent = no limit. */
  limit?: number;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

export interface DocumentCollection<T> {
  get(key: string): Promise<T | null>;
  getMany(keys: string[]): Promise<T[]>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  count(filter?: Filter): Promise<number>;
  /** Inserts a new document; AppError DUPLICATE_ID when the key exists. */
  insert(doc: T): Promise<void>;
  /** Inserts or replaces by key; returns true when the document was new. */
  upsert(doc: T): Promise<boolean>;
  /** Inserts or replaces by key. A key repeated within the batch counts as one insert and then updates. */
  upsertMany(docs: T[]): Promise<UpsertCounts>;
  /** Changes the one document matching `filter`, atomically; returns it as changed, or null when none matched. */
  update(filter: Filter, update: Update<T>): Promise<T | null>;
  /** Deletes every document matching `filter`; returns how many. */
  deleteMany(filter: Filter): Promise<number>;
  /**
   * Runs a MongoDB aggregation pipeline over the stored documents (reports). The embedded store runs the same pipeline
   * with mingo, so pipelines must not rely on the stored `_id` (NeDB's is our key, MongoDB's an ObjectId).
   */
  aggregate(pipeline: Stored[]): Promise<Stored[]>;
}
