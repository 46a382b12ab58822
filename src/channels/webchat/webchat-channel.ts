// The web chat channel: conversation tokens (so nobody reads a chat by guessing its id), who the customer is (a token
// signed by the shop's site, or the demo's typed-in sign-in where that is allowed), turns, and history.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../app-error.js';
import { verifyCustomerIdentity } from '../../security/customer-identity.js';
import type { Reply, SuggestedAction, ReplyCard, TurnHandler } from '../../dialogue/types.js';
import type { Interaction, Store } from '../../store/ports.js';

export interface WebMessage {
  id: string;
  sender: Interaction['sender'];
  agent?: string;
  text: string;
  at: string;
  suggestedActions?: SuggestedAction[];
  card?: ReplyCard;
}

export interface WebTurnResponse {
  conversationId: string;
  conversationToken?: string;
  cursor: string;
  replies: Reply[];
  intent: string | null;
  confidence: number;
}

export interface WebChatChannel {
  send(input: { conversationId?: string; token?: string; customerRef?: string; customerToken?: string; text: string }): Promise<WebTurnResponse>;
  history(conversationId: string, token: string | undefined, after?: string): Promise<{ messages: WebMessage[]; cursor: string | null }>;
  /** Throws CONVERSATION_NOT_FOUND unless the token opens this web chat conversation (for the live push). */
  authorise(conversationId: string, token: string | undefined): Promise<void>;
  /** Whether a typed-in customerRef is believed (what the chat page asks before offering its sign-in). */
  readonly demoSignIn: boolean;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function toWebMessage(i: Interaction): WebMessage {
  const payload = (i.payload ?? {}) as { suggestedActions?: SuggestedAction[]; card?: ReplyCard };
  return {
    id: i.id,
    sender: i.sender,
    ...(i.agent ? { agent: i.agent } : {}),
    text: i.text,
    at: i.at,
    ...(payload.suggestedActions ? { suggestedActions: payload.suggestedActions } : {}),
    ...(payload.card ? { card: payload.card } : {}),
  };
}

/**
 * How a web chat customer says who they are (Config.webchatIdentity). `identitySecret`: customerToken (a JWT signed by
 * the shop's site) is accepted. `demoSignIn`: a typed-in customer id or e-mail (customerRef) is believed as it is —
 * the demo's sign-in, never for a public site with real customers.
 */
export interface WebChatIdentity {
  identitySecret?: string;
  demoSignIn: boolean;
}

export function createWebChatChannel(deps: { store: Store; handleTurn: TurnHandler; identity?: WebChatIdentity; now?: () => Date }): WebChatChannel {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const identity = deps.identity ?? { demoSignIn: true };

  /** The customer reference a message may act for, checked before anything is written. */
  function customerOf(customerRef: string | undefined, customerToken: string | undefined): string | undefined {
    if (customerRef && customerToken) throw new AppError('IDENTITY_CONFLICT', 'Send either customerRef or customerToken, not both.', { status: 400 });
    if (customerToken) {
      if (!identity.identitySecret) throw new AppError('IDENTITY_NOT_ACCEPTED', 'This server does not accept customer identity tokens (WEBCHAT_IDENTITY_SECRET is not set).', { status: 400 });
      return verifyCustomerIdentity(customerToken, identity.identitySecret, now());
    }
    if (customerRef && !identity.demoSignIn) {
      throw new AppError('SIGN_IN_DISABLED', 'Signing in with a customer id or e-mail is switched off here; the shop\'s site signs you in.', { status: 403 });
    }
    return customerRef;
  }

  /** Same answer for a missing conversation and a wrong token, so ids cannot be probed. */
  async function authorise(conversationId: string, token: string | undefined) {
    const conversation = await store.conversations.get(conversationId);
    const expected = conversation?.tokenHash ? Buffer.from(conversation.tokenHash) : null;
    const given = token ? Buffer.from(hashToken(token)) : null;
    if (!conversation || conversation.channel !== 'webchat' || !expected || !given || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError('CONVERSATION_NOT_FOUND', 'No such conversation, or the X-Conversation-Token does not match it.', { status: 404 });
    }
    return conversation;
  }

  return {
    demoSignIn: identity.demoSignIn,

    async send({ conversationId, token, customerRef, customerToken, text }) {
      const userRef = customerOf(customerRef, customerToken);
      let newToken: string | undefined;
      let id = conversationId;
      if (id) {
        await authorise(id, token);
      } else {
        id = randomUUID();
        newToken = randomBytes(24).toString('base64url');
        const at = now().toISOString();
        await store.conversations.create({ id, channel: 'webchat', tokenHash: hashToken(newToken), state: 'bot', failedTurns: 0, startedAt: at, lastMessageAt: at });
      }
      const result = await deps.handleTurn({ channel: 'webchat', conversationId: id, userRef, text });
      return {
        conversationId: id,
        ...(newToken ? { conversationToken: newToken } : {}),
        cursor: result.cursor,
        replies: result.replies,
        intent: result.intent,
        confidence: result.confidence,
      };
    },

    async authorise(conversationId, token) {
      await authorise(conversationId, token);
    },

    async history(conversationId, token, after) {
      await authorise(conversationId, token);
      const interactions = await store.interactions.listByConversation(conversationId, { after, limit: 500 });
      const messages = interactions.map(toWebMessage);
      return { messages, cursor: messages.at(-1)?.id ?? after ?? null };
    },
  };
}
