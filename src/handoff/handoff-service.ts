// What agents do with handed-off conversations: see the queue, claim one, talk to the customer, give it back or close it.
// Every state change goes through the state machine and a compare-and-set on the conversation, so two agents racing
// for the same conversation cannot both win, in either store.
import { AppError } from '../app-error.js';
import type { Reply } from '../dialogue/types.js';
import { newId } from '../store/ids.js';
import type { Conversation, Handoff, Interaction, Store } from '../store/ports.js';
import { listWaiting } from './handoff-queue.js';
import { transition } from './handoff-state.js';

export interface QueueEntry {
  conversationId: string;
  channel: Conversation['channel'];
  customerId?: string;
  handoffId: string;
  trigger: string;
  reason: string;
  priority: number;
  requestedAt: string;
  waitedSeconds: number;
  position: number;
}

/** A conversation as an agent may see it: without the web chat token hash or the Bot Framework reference. */
export type AgentConversation = Omit<Conversation, 'tokenHash' | 'reference'>;

export interface ClaimResult {
  conversation: AgentConversation;
  handoff: Handoff | null;
  /** False when the agent already held the conversation (claiming again changes nothing). */
  claimed: boolean;
}

export interface EndResult {
  conversation: AgentConversation;
  handoff: Handoff | null;
  /** Seconds from claim to end, when the handoff was claimed. */
  handlingSeconds: number | null;
}

export interface Transcript {
  conversation: AgentConversation;
  handoff: Handoff | null;
  interactions: Interaction[];
}

export interface HandoffService {
  queue(): Promise<QueueEntry[]>;
  claim(conversationId: string, agent: string): Promise<ClaimResult>;
  sendAgentMessage(conversationId: string, agent: string, text: string): Promise<Interaction>;
  release(conversationId: string, agent: string): Promise<EndResult>;
  close(conversationId: string, agent: string, outcome: string): Promise<EndResult>;
  /** Takes a waiting conversation out of the queue, back to the bot; `by` is recorded as the handoff's agent. */
  cancel(conversationId: string, by: string): Promise<EndResult>;
  transcript(conversationId: string): Promise<Transcript>;
}

export interface HandoffServiceDependencies {
  store: Store;
  now?: () => Date;
  /** Proactive delivery for channels that cannot poll (Teams): the stored reference and the replies. */
  sendToChannel?: (reference: Record<string, unknown>, replies: Reply[]) => Promise<void>;
}

export const RETURNED_TO_BOT = 'returned_to_bot';
export const CANCELLED = 'cancelled';

function forAgent(conversation: Conversation): AgentConversation {
  const { tokenHash: _tokenHash, reference: _reference, ...rest } = conversation;
  return rest;
}

const seconds = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));

export function createHandoffService(deps: HandoffServiceDependencies): HandoffService {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());

  async function load(conversationId: string): Promise<Conversation> {
    const conversation = await store.conversations.get(conversationId);
    if (!conversation) throw new AppError('CONVERSATION_NOT_FOUND', 'No such conversation.', { status: 404 });
    return conversation;
  }

  /** The handoff currently open for the conversation, else its latest one. */
  async function currentHandoff(conversationId: string): Promise<Handoff | null> {
    const all = await store.handoffs.listByConversation(conversationId);
    return all.find((h) => !h.endedAt) ?? all.at(-1) ?? null;
  }

  function taken(): AppError {
    return new AppError('CONVERSATION_TAKEN', 'Another agent is handling this conversation.', { status: 409 });
  }

  /** Only the agent holding the conversation may talk in it, hand it back or close it. */
  function requireHolder(conversation: Conversation, agent: string): void {
    if (conversation.state === 'assigned' && conversation.assignedAgent !== agent) throw taken();
    if (conversation.state !== 'assigned') {
      throw new AppError('CONVERSATION_NOT_ASSIGNED', 'Claim the conversation before writing in it or handing it back.', { status: 409 });
    }
  }

  async function end(conversationId: string, agent: string, event: 'release' | 'close', outcome: string): Promise<EndResult> {
    const conversation = await load(conversationId);
    requireHolder(conversation, agent);
    const state = transition(conversation.state, event);
    const patch = event === 'release' ? { state, assignedAgent: undefined, failedTurns: 0 } : { state };
    const updated = await store.conversations.update(conversationId, patch, { state: 'assigned', assignedAgent: agent });
    if (!updated) throw taken();
    const endedAt = now();
    const open = await currentHandoff(conversationId);
    const handoff = open && !open.endedAt ? await store.handoffs.update(open.id, { endedAt: endedAt.toISOString(), outcome, agent: open.agent ?? agent }) : open;
    return { conversation: forAgent(updated), handoff, handlingSeconds: handoff?.claimedAt ? seconds(handoff.claimedAt, endedAt) : null };
  }

  return {
    async queue() {
      const at = now();
      return (await listWaiting(store)).map(({ handoff, conversation }, index) => ({
        conversationId: conversation.id,
        channel: conversation.channel,
        ...(handoff.customerId ?? conversation.customerId ? { customerId: handoff.customerId ?? conversation.customerId } : {}),
        handoffId: handoff.id,
        trigger: handoff.trigger,
        reason: handoff.reason,
        priority: handoff.priority,
        requestedAt: handoff.requestedAt,
        waitedSeconds: seconds(handoff.requestedAt, at),
        position: index + 1,
      }));
    },

    async claim(conversationId, agent) {
      const conversation = await load(conversationId);
      if (conversation.state === 'assigned') {
        if (conversation.assignedAgent !== agent) throw taken();
        return { conversation: forAgent(conversation), handoff: await currentHandoff(conversationId), claimed: false };
      }
      const state = transition(conversation.state, 'claim');
      const updated = await store.conversations.update(conversationId, { state, assignedAgent: agent }, { state: 'queued' });
      if (!updated) {
        // Someone moved it between our read and our write: tell apart "I already hold it" from "someone else won".
        const latest = await load(conversationId);
        if (latest.state === 'assigned' && latest.assignedAgent === agent) return { conversation: forAgent(latest), handoff: await currentHandoff(conversationId), claimed: false };
        if (latest.state === 'assigned') throw taken();
        transition(latest.state, 'claim');
        throw taken();
      }
      const open = await currentHandoff(conversationId);
      const handoff = open && !open.endedAt ? await store.handoffs.update(open.id, { claimedAt: now().toISOString(), agent }) : open;
      return { conversation: forAgent(updated), handoff, claimed: true };
    },

    async sendAgentMessage(conversationId, agent, text) {
      const conversation = await load(conversationId);
      requireHolder(conversation, agent);
      const at = now();
      const interaction: Interaction = {
        id: newId(at.getTime()),
        conversationId,
        channel: conversation.channel,
        ...(conversation.customerId ? { customerId: conversation.customerId } : {}),
        sender: 'agent',
        agent,
        text,
        at: at.toISOString(),
      };
      // Stored first: the transcript keeps what the agent said even if the channel cannot deliver it.
      await store.interactions.append(interaction);
      await store.conversations.update(conversationId, { lastMessageAt: interaction.at });
      // Web chat customers read it on their next poll; Teams needs a proactive message.
      if (conversation.channel === 'teams' && conversation.reference && deps.sendToChannel) {
        await deps.sendToChannel(conversation.reference, [{ text }]);
      }
      return interaction;
    },

    release: (conversationId, agent) => end(conversationId, agent, 'release', RETURNED_TO_BOT),

    close: (conversationId, agent, outcome) => end(conversationId, agent, 'close', outcome),

    async cancel(conversationId, by) {
      const conversation = await load(conversationId);
      const state = transition(conversation.state, 'cancel');
      const updated = await store.conversations.update(conversationId, { state }, { state: 'queued' });
      if (!updated) throw taken();
      const open = await currentHandoff(conversationId);
      const handoff = open && !open.endedAt ? await store.handoffs.update(open.id, { endedAt: now().toISOString(), outcome: CANCELLED, agent: by }) : open;
      return { conversation: forAgent(updated), handoff, handlingSeconds: null };
    },

    async transcript(conversationId) {
      const conversation = await load(conversationId);
      const interactions = await store.interactions.listByConversation(conversationId, { limit: 5000 });
      return { conversation: forAgent(conversation), handoff: await currentHandoff(conversationId), interactions };
    },
  };
}
