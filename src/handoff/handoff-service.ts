// What agents do with handed-off conversations: see the queue, claim one, talk to the customer, give it back or close it.
// Every state change goes through the state machine and a compare-and-set on the conversation, so two agents racing
// for the same conversation cannot both win, in either store.
import { AppError } from '../app-error.js';
import { newId } from '../store/ids.js';
import type { Conversation, Handoff, Interaction, Store } from '../store/ports.js';
import { notifyCustomer, type SendToChannel } from './customer-notice.js';
import type { HandoffEventInput, HandoffEvents } from './handoff-events.js';
import { listWaiting, positionSentence, queuePosition } from './handoff-queue.js';
import { isCallback } from './handoff-requests.js';
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
  /** Takes over a conversation the bot is handling (from the monitor): trigger `agent_pick`, no wait. */
  pick(conversationId: string, agent: string): Promise<ClaimResult>;
  sendAgentMessage(conversationId: string, agent: string, text: string): Promise<Interaction>;
  /** Back to the bot; `outcome` defaults to returned_to_bot. */
  release(conversationId: string, agent: string, outcome?: string): Promise<EndResult>;
  /** The agent's console was gone for longer than the grace period: back to the queue, the customer is told. */
  returnToQueue(conversationId: string, agent: string): Promise<EndResult>;
  addNote(conversationId: string, agent: string, text: string): Promise<Handoff>;
  close(conversationId: string, agent: string, outcome: string): Promise<EndResult>;
  /** Takes a waiting conversation out of the queue, back to the bot; `by` is recorded as the handoff's agent. */
  cancel(conversationId: string, by: string): Promise<EndResult>;
  transcript(conversationId: string): Promise<Transcript>;
}

export interface HandoffServiceDependencies {
  store: Store;
  now?: () => Date;
  /** Proactive delivery for channels that cannot poll (Teams): the stored reference and the replies. */
  sendToChannel?: SendToChannel;
  /** Where state changes are announced (agent consoles, queue notifier). */
  events?: HandoffEvents;
}

export const RETURNED_TO_BOT = 'returned_to_bot';
export const CANCELLED = 'cancelled';
export const AGENT_DISCONNECTED = 'agent_disconnected';
export const AGENT_PICK = 'agent_pick';

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

  /** The handoff currently open for the conversation, else its latest one (callback requests are not handoffs to an agent). */
  async function currentHandoff(conversationId: string): Promise<Handoff | null> {
    const all = (await store.handoffs.listByConversation(conversationId)).filter((h) => !isCallback(h));
    return all.find((h) => !h.endedAt) ?? all.at(-1) ?? null;
  }

  const publish = (event: HandoffEventInput) => deps.events?.publish(event);

  const tell = (conversation: Conversation, text: string, action: string) => notifyCustomer(deps, conversation, text, action, now());

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
    publish({ type: event === 'release' ? 'released' : 'closed', conversationId, agent });
    return { conversation: forAgent(updated), handoff, handlingSeconds: handoff?.claimedAt ? seconds(handoff.claimedAt, endedAt) : null };
  }

  const service: HandoffService = {
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
      publish({ type: 'claimed', conversationId, agent });
      return { conversation: forAgent(updated), handoff, claimed: true };
    },

    async pick(conversationId, agent) {
      const conversation = await load(conversationId);
      if (conversation.state === 'assigned' && conversation.assignedAgent === agent) {
        return { conversation: forAgent(conversation), handoff: await currentHandoff(conversationId), claimed: false };
      }
      if (conversation.state === 'queued') return service.claim(conversationId, agent);
      const state = transition(conversation.state, 'pick');
      const updated = await store.conversations.update(conversationId, { state, assignedAgent: agent }, { state: 'bot' });
      if (!updated) throw taken();
      const at = now().toISOString();
      const handoff: Handoff = {
        id: newId(Date.parse(at)),
        conversationId,
        ...(conversation.customerId ? { customerId: conversation.customerId } : {}),
        trigger: AGENT_PICK,
        reason: 'picked from the monitor',
        priority: 0,
        requestedAt: at,
        claimedAt: at,
        agent,
      };
      await store.handoffs.create(handoff);
      await tell(updated, 'A person from our team has joined the conversation and will reply here.', 'agent_joined');
      publish({ type: 'picked', conversationId, agent });
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
      publish({ type: 'agent_message', conversationId, agent });
      return interaction;
    },

    release: (conversationId, agent, outcome) => end(conversationId, agent, 'release', outcome ?? RETURNED_TO_BOT),

    async returnToQueue(conversationId, agent) {
      const conversation = await load(conversationId);
      const state = transition(conversation.state, 'agent_lost');
      const updated = await store.conversations.update(conversationId, { state, assignedAgent: undefined }, { state: 'assigned', assignedAgent: agent });
      if (!updated) throw taken();
      const endedAt = now();
      const open = await currentHandoff(conversationId);
      const ended = open && !open.endedAt ? await store.handoffs.update(open.id, { endedAt: endedAt.toISOString(), outcome: AGENT_DISCONNECTED, agent: open.agent ?? agent }) : open;
      // A new handoff for the second wait, so each record keeps its own wait and handling time.
      await store.handoffs.create({
        id: newId(endedAt.getTime()),
        conversationId,
        ...(conversation.customerId ? { customerId: conversation.customerId } : {}),
        trigger: open?.trigger ?? 'customer_request',
        reason: `back in the queue: ${agent} was disconnected`,
        priority: open?.priority ?? 0,
        requestedAt: endedAt.toISOString(),
      });
      const position = await queuePosition(store, conversationId);
      await tell(updated, `Sorry, the person helping you was disconnected. You're back in the queue and the next free person will pick up here. ${positionSentence(position)}`.trim(), 'returned_to_queue');
      publish({ type: 'returned_to_queue', conversationId, agent });
      return { conversation: forAgent(updated), handoff: ended, handlingSeconds: ended?.claimedAt ? seconds(ended.claimedAt, endedAt) : null };
    },

    async addNote(conversationId, agent, text) {
      await load(conversationId);
      const handoff = await currentHandoff(conversationId);
      if (!handoff) throw new AppError('HANDOFF_NOT_FOUND', 'This conversation was never handed to a person: there is nothing to note on.', { status: 409 });
      const notes = [...(handoff.notes ?? []), { at: now().toISOString(), agent, text }];
      const updated = await store.handoffs.update(handoff.id, { notes });
      if (!updated) throw new AppError('HANDOFF_NOT_FOUND', 'The handoff disappeared.', { status: 404 });
      publish({ type: 'note_added', conversationId, agent });
      return updated;
    },

    close: (conversationId, agent, outcome) => end(conversationId, agent, 'close', outcome),

    async cancel(conversationId, by) {
      const conversation = await load(conversationId);
      const state = transition(conversation.state, 'cancel');
      const updated = await store.conversations.update(conversationId, { state }, { state: 'queued' });
      if (!updated) throw taken();
      const open = await currentHandoff(conversationId);
      const handoff = open && !open.endedAt ? await store.handoffs.update(open.id, { endedAt: now().toISOString(), outcome: CANCELLED, agent: by }) : open;
      publish({ type: 'cancelled', conversationId, agent: by });
      return { conversation: forAgent(updated), handoff, handlingSeconds: null };
    },

    async transcript(conversationId) {
      const conversation = await load(conversationId);
      const interactions = await store.interactions.listByConversation(conversationId, { limit: 5000 });
      return { conversation: forAgent(conversation), handoff: await currentHandoff(conversationId), interactions };
    },
  };
  return service;
}
