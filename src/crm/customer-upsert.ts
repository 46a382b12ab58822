// Writes imported or seeded customers without losing what the CRM learnt since the last import: the store's upsert
// replaces whole documents, so a nightly re-import would otherwise unlink Teams identities, reset createdAt and wipe
// what the other source supplied (a retail import keeps a telco subscription and vice versa).
import type { Customer, Store } from '../store/ports.js';

export const CUSTOMER_BATCH = 1000;

/** The stored customer updated with an import's data; identity fields set by people are kept. */
export function mergeCustomer(existing: Customer | null, incoming: Customer): Customer {
  if (!existing) return incoming;
  const refs = [...new Set([...(existing.externalRefs ?? []), ...(incoming.externalRefs ?? [])])];
  const merged: Customer = {
    ...existing,
    // Generated names and e-mails are placeholders: a name or address already on file wins.
    name: existing.name || incoming.name,
    source: existing.source,
    createdAt: existing.createdAt,
    updatedAt: incoming.updatedAt,
  };
  const email = existing.email ?? incoming.email;
  if (email !== undefined) merged.email = email;
  if (incoming.country !== undefined) merged.country = incoming.country;
  if (incoming.subscription !== undefined) merged.subscription = incoming.subscription;
  if (refs.length > 0) merged.externalRefs = refs;
  return merged;
}

/** Upserts in batches, merging each customer with the stored one; counts are the store's own. */
export async function upsertCustomers(store: Store, customers: Customer[]): Promise<{ inserted: number; updated: number }> {
  const total = { inserted: 0, updated: 0 };
  for (let i = 0; i < customers.length; i += CUSTOMER_BATCH) {
    const batch = customers.slice(i, i + CUSTOMER_BATCH);
    const existing = await Promise.all(batch.map((c) => store.customers.get(c.id)));
    const r = await store.customers.upsertMany(batch.map((c, j) => mergeCustomer(existing[j] ?? null, c)));
    total.inserted += r.inserted;
    total.updated += r.updated;
  }
  return total;
}
