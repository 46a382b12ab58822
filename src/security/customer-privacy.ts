// Access and erasure requests (`cli export-customer`, `cli forget-customer`): what the store holds about a customer,
// plus what still waits in this machine's outbox, and its erasure. Both leave an audit entry; the erasure's entry
// holds the erasure id and the counts, never the customer's id or anything else about them.
import { randomBytes } from 'node:crypto';
import { AppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import type { FileOutbox, OutboxRecord } from '../reliability/outbox.js';
import { newId } from '../store/ids.js';
import type { CustomerData, ErasureCounts, Store } from '../store/ports.js';

export interface CustomerExport extends CustomerData {
  exportedAt: string;
  /** Writes still waiting in this machine's outbox for the store. */
  pending: OutboxRecord[];
}

/** Records in the outbox that belong to the customer: their messages and conversations, found by id. */
function pendingFor(outbox: FileOutbox | undefined, customerId: string, conversationIds: Set<string>): OutboxRecord[] {
  if (!outbox) return [];
  return outbox.list().filter((r) => r.doc.customerId === customerId
    || conversationIds.has(r.kind === 'interaction' ? r.doc.conversationId : r.doc.id));
}

async function collectOrFail(store: Store, customerId: string, outbox?: FileOutbox): Promise<{ data: CustomerData; pending: OutboxRecord[] }> {
  const data = await store.customerData.collect(customerId);
  const pending = pendingFor(outbox, customerId, new Set([...data.conversations.map((c) => c.id), ...data.interactions.map((i) => i.conversationId)]));
  if (!data.customer && data.interactions.length === 0 && data.orders.length === 0 && pending.length === 0) {
    throw new AppError('NOT_FOUND', `Nothing is stored about customer ${customerId}`, { status: 404 });
  }
  return { data, pending };
}

export async function exportCustomer(store: Store, customerId: string, options: { actor: string; outbox?: FileOutbox; now?: Date }): Promise<CustomerExport> {
  const { data, pending } = await collectOrFail(store, customerId, options.outbox);
  const at = (options.now ?? new Date()).toISOString();
  await store.audit.append({ id: newId(), at, actor: options.actor, action: 'customer.exported', customerId });
  return { exportedAt: at, ...data, pending };
}

/** What an erasure would touch, for the confirmation step. */
export async function erasurePreview(store: Store, customerId: string, outbox?: FileOutbox): Promise<Record<string, number>> {
  const { data, pending } = await collectOrFail(store, customerId, outbox);
  return {
    customer: data.customer ? 1 : 0,
    orders: data.orders.length,
    conversations: data.conversations.length,
    interactions: data.interactions.length,
    handoffs: data.handoffs.length,
    labels: data.labels.length,
    audit: data.audit.length,
    outbox: pending.length,
  };
}

export async function forgetCustomer(
  store: Store,
  customerId: string,
  options: { actor: string; outbox?: FileOutbox; logger: Logger; now?: Date },
): Promise<{ erasureId: string; counts: ErasureCounts & { outboxRemoved: number } }> {
  const { pending } = await collectOrFail(store, customerId, options.outbox);
  // The outbox first: delivered later, its records would bring the erased messages back.
  options.outbox?.remove(pending);
  const erasureId = `erased-${randomBytes(8).toString('hex')}`;
  const counts = { ...(await store.customerData.erase(customerId, erasureId)), outboxRemoved: pending.length };
  await store.audit.append({ id: newId(), at: (options.now ?? new Date()).toISOString(), actor: options.actor, action: 'customer.erased', detail: { erasureId, ...counts } });
  options.logger.info('security.customer.erased', { erasureId, ...counts });
  return { erasureId, counts };
}
