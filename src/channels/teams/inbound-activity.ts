// The edge checks for Bot Framework data: an inbound activity body and a stored conversation reference.
import { z } from 'zod';
import { AppError } from '../../app-error.js';

const account = z.looseObject({ id: z.string().min(1).max(512) });
const serviceUrl = z.url({ protocol: /^https?$/ }).max(2048);

/**
 * The fields every activity needs before botbuilder may act on it: without a conversation, sender, recipient and
 * service URL there is nowhere to reply to, and botbuilder would fail deep inside the turn (a 500 carrying its
 * internal error message) instead of saying the request itself is bad. Everything else passes through untouched.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  channelId: z.string().min(1).max(64),
  serviceUrl,
  conversation: account,
  from: account,
  recipient: account,
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

export function parseInboundActivity(body: unknown): InboundActivity {
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(body)'))];
    throw new AppError('TEAMS_ACTIVITY_INVALID', `Not a usable Bot Framework activity (check: ${fields.join(', ')}).`, { status: 400 });
  }
  return parsed.data;
}

/** A reference saved from an earlier turn (IncomingMessage.reference) and read back from the store for a proactive send. */
export const conversationReferenceSchema = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl,
  conversation: account,
  bot: account.optional(),
  user: account.optional(),
});

export type StoredConversationReference = z.infer<typeof conversationReferenceSchema>;

export function parseConversationReference(reference: Record<string, unknown>): StoredConversationReference {
  const parsed = conversationReferenceSchema.safeParse(reference);
  if (!parsed.success) {
    throw new AppError('TEAMS_REFERENCE_INVALID', 'The stored Teams conversation reference is incomplete.', { status: 422 });
  }
  return parsed.data;
}
