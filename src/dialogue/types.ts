// The channel-neutral shape of a turn: what a channel adapter hands in and what it sends back.
import type { Channel } from '../store/ports.js';

export interface IncomingMessage {
  channel: Channel;
  conversationId: string;
  /** Who the channel says is writing: a customer id or e-mail (web sign-in) or "teams:<aadObjectId>". */
  userRef?: string;
  /** Display name the channel knows, if any. */
  userName?: string;
  text: string;
  /** Bot Framework ConversationReference, kept for proactive messages. */
  reference?: Record<string, unknown>;
}

export interface SuggestedAction {
  title: string;
  value: string;
}

export interface ReplyCard {
  title: string;
  subtitle?: string;
  text?: string;
  facts?: { label: string; value: string }[];
  buttons?: SuggestedAction[];
}

export interface Reply {
  text: string;
  suggestedActions?: SuggestedAction[];
  /** At most one card per reply; a carousel is several replies. */
  card?: ReplyCard;
}

export interface TurnResult {
  conversationId: string;
  customerId?: string;
  replies: Reply[];
  intent: string | null;
  confidence: number;
  action: string;
  /** Id of the stored customer interaction (also a read cursor). */
  interactionId: string;
  /** Id of the last stored reply, the cursor after which new messages start. */
  cursor: string;
}

export type TurnHandler = (message: IncomingMessage) => Promise<TurnResult>;
