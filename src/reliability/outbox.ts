// The durable local outbox: writes the store could not take (interactions, new conversations) wait here until it
// can. One JSON line per record in <DATA_DIR>/outbox/outbox.jsonl, appended and fsync'd before the turn is answered,
// so an acknowledged interaction survives a store outage, a crash of this process and a power cut. Records carry the
// document's own id and the store's writes are idempotent by id, so delivering one twice never duplicates it.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { lockDataDir } from '../store/embedded/data-dir-lock.js';
import type { AppliedOffer, Conversation, Interaction } from '../store/ports.js';
import { appliedOfferSchema, conversationSchema, interactionSchema } from '../store/schemas.js';

/** A retention offer a customer accepted while the store was away, to be written onto their record when it is back. */
export interface PendingOffer {
  /** `<offer id>:<conversation id>`: one acceptance, however often it is retried. */
  id: string;
  customerId: string;
  offer: AppliedOffer;
}

export type OutboxRecord =
  | { kind: 'interaction'; doc: Interaction }
  | { kind: 'conversation'; doc: Conversation }
  | { kind: 'appliedOffer'; doc: PendingOffer };

const recordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interaction'), doc: interactionSchema }),
  z.object({ kind: z.literal('conversation'), doc: conversationSchema }),
  z.object({ kind: z.literal('appliedOffer'), doc: z.object({ id: z.string(), customerId: z.string(), offer: appliedOfferSchema }) }),
]);

const FILE = 'outbox.jsonl';
const keyOf = (record: OutboxRecord) => `${record.kind}:${record.doc.id}`;

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class FileOutbox {
  /** Pending records in the order they were added (Map keeps insertion order; re-adding a key keeps its place). */
  private readonly pending = new Map<string, OutboxRecord>();

  private constructor(readonly dir: string, private readonly logger: Logger, private readonly release: () => void) {}

  /** Opens (and locks) the outbox under `dataDir`, loading what a previous run left undelivered. */
  static open(dataDir: string, logger: Logger): FileOutbox {
    const dir = join(dataDir, 'outbox');
    mkdirSync(dir, { recursive: true });
    const outbox = new FileOutbox(dir, logger, lockDataDir(dir));
    outbox.load();
    return outbox;
  }

  private get path(): string {
    return join(this.dir, FILE);
  }

  private load(): void {
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let parsed: ReturnType<typeof recordSchema.safeParse>;
      try {
        parsed = recordSchema.safeParse(JSON.parse(line));
      } catch {
        skipped += 1; // a line torn by a crash in the middle of its write: never acknowledged
        continue;
      }
      if (parsed.success) this.pending.set(keyOf(parsed.data as OutboxRecord), parsed.data as OutboxRecord);
      else skipped += 1;
    }
    if (this.pending.size > 0 || skipped > 0) this.logger.warn('outbox.loaded', { depth: this.pending.size, skipped });
  }

  get depth(): number {
    return this.pending.size;
  }

  /** Appends and fsyncs; returns only once the record is on disk. */
  add(record: OutboxRecord): void {
    const parsed = recordSchema.parse(record) as OutboxRecord;
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(parsed)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.pending.set(keyOf(parsed), parsed);
  }

  /** Oldest first. */
  list(): OutboxRecord[] {
    return [...this.pending.values()];
  }

  /** Interactions still waiting for the store, for one conversation (history reads merge them in). */
  interactionsOf(conversationId: string): Interaction[] {
    return this.list().flatMap((r) => (r.kind === 'interaction' && r.doc.conversationId === conversationId ? [r.doc] : []));
  }

  /** Accepted offers still waiting to be written onto this customer's record. */
  offersOf(customerId: string): AppliedOffer[] {
    return this.list().flatMap((r) => (r.kind === 'appliedOffer' && r.doc.customerId === customerId ? [r.doc.offer] : []));
  }

  conversation(id: string): Conversation | undefined {
    const record = this.pending.get(`conversation:${id}`);
    return record?.kind === 'conversation' ? record.doc : undefined;
  }

  /** Forgets delivered (or erased) records and rewrites the file without them, atomically. */
  remove(records: OutboxRecord[]): void {
    let changed = false;
    for (const record of records) changed = this.pending.delete(keyOf(record)) || changed;
    if (changed) this.rewrite();
  }

  private rewrite(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, this.list().map((r) => `${JSON.stringify(r)}\n`).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    fsyncDir(this.dir);
  }

  close(): void {
    this.release();
  }
}
