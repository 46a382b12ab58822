// The audit trail: who viewed or changed which customer, and when. Staff routes record here after they succeed; an
// admin reads it back (GET /api/audit). Entries name the actor, the action, the customer and small facts (ids,
// outcomes, lengths) — never message text, which stays in the interactions the entry points to.
import type { Logger } from '../logger.js';
import { newId } from '../store/ids.js';
import type { AuditEntry, Store } from '../store/ports.js';

/** The actions recorded, as stable names an auditor can filter on. */
export type AuditAction =
  | 'customer.context.viewed'
  | 'conversation.transcript.viewed'
  | 'handoff.claimed'
  | 'handoff.message.sent'
  | 'handoff.released'
  | 'handoff.cancelled'
  | 'handoff.closed'
  | 'handoff.picked'
  | 'handoff.note.added'
  | 'callback.done'
  | 'customer.profile.view'
  | 'user.saved'
  | 'audit.viewed';

export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditTrail {
  /** An action on a known customer (or none, e.g. user management). */
  record(actor: string, action: AuditAction, customerId: string | undefined, detail?: AuditDetail): Promise<void>;
  /** An action on a conversation: the customer is looked up from it, so the entry can be found by customer. */
  recordConversation(actor: string, action: AuditAction, conversationId: string, detail?: AuditDetail): Promise<void>;
}

export function createAuditTrail(deps: { store: Pick<Store, 'audit' | 'conversations'>; logger: Logger; now?: () => Date }): AuditTrail {
  const now = deps.now ?? (() => new Date());
  async function record(actor: string, action: AuditAction, customerId: string | undefined, detail?: AuditDetail): Promise<void> {
    const at = now();
    const entry: AuditEntry = { id: newId(at.getTime()), at: at.toISOString(), actor, action, ...(customerId ? { customerId } : {}), ...(detail ? { detail } : {}) };
    // Awaited, not fire-and-forget: a view or change that cannot be recorded fails instead of going unrecorded.
    await deps.store.audit.append(entry);
    deps.logger.debug('audit.recorded', { actor, action });
  }
  return {
    record,
    async recordConversation(actor, action, conversationId, detail) {
      const conversation = await deps.store.conversations.get(conversationId);
      await record(actor, action, conversation?.customerId, { conversationId, ...detail });
    },
  };
}
