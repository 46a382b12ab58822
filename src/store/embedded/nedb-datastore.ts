// The one untyped seam to NeDB: its typings do not describe the ESM default export under NodeNext, so the few
// methods the embedded store uses are declared here and the constructor is cast once.
import nedb from '@seald-io/nedb';
import type { Stored } from '../collection-spec.js';
import type { Filter } from '../document-collection.js';

export interface NedbCursor {
  sort(spec: Record<string, 1 | -1>): NedbCursor;
  skip(n: number): NedbCursor;
  limit(n: number): NedbCursor;
  execAsync(): Promise<Stored[]>;
}

export interface NedbUpdateResult {
  numAffected: number;
  affectedDocuments: Stored | Stored[] | null | undefined;
  upsert: boolean;
}

export interface NedbDatastore {
  loadDatabaseAsync(): Promise<void>;
  ensureIndexAsync(options: { fieldName: string }): Promise<void>;
  insertAsync(docs: Stored | Stored[]): Promise<unknown>;
  findOneAsync(query: Filter): Promise<Stored | null>;
  findAsync(query: Filter): NedbCursor;
  countAsync(query: Filter): Promise<number>;
  updateAsync(query: Filter, update: object, options: { upsert?: boolean; multi?: boolean; returnUpdatedDocs?: boolean }): Promise<NedbUpdateResult>;
  removeAsync(query: Filter, options: { multi?: boolean }): Promise<number>;
  compactDatafileAsync(): Promise<void>;
  getAllData(): Stored[];
}

type DatastoreConstructor = new (options: { filename: string; autoload?: boolean }) => NedbDatastore;
const Datastore = ((nedb as unknown as { default?: DatastoreConstructor }).default ?? nedb) as unknown as DatastoreConstructor;

/** Opens (and thereby compacts: NeDB rewrites the file on load) one datastore file. */
export async function openDatastore(filename: string): Promise<NedbDatastore> {
  const db = new Datastore({ filename });
  await db.loadDatabaseAsync();
  return db;
}

/** NeDB signals a duplicate `_id` with this marker on the error. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorType?: unknown }).errorType === 'uniqueViolated';
}
