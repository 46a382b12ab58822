// The handoff state machine of a conversation, as pure functions: who may move it where.
// bot → queued (request) → assigned (claim); bot → assigned (an agent picks it from the monitor) → bot (release) | closed (close); queued → bot (cancel);
// assigned → queued (the agent's connection was lost for longer than the grace period);
// closed → bot (the customer writes again after an agent closed the conversation).
import { AppError } from '../app-error.js';
import type { ConversationState } from '../store/ports.js';

export type HandoffEvent = 'request' | 'pick' | 'claim' | 'release' | 'close' | 'cancel' | 'agent_lost' | 'reopen';

const TRANSITIONS: Record<ConversationState, Partial<Record<HandoffEvent, ConversationState>>> = {
  bot: { request: 'queued', pick: 'assigned' },
  queued: { claim: 'assigned', cancel: 'bot' },
  assigned: { release: 'bot', close: 'closed', agent_lost: 'queued' },
  closed: { reopen: 'bot' },
};

/** The state `event` leads to from `from`, or null when the move is not allowed. */
export function nextState(from: ConversationState, event: HandoffEvent): ConversationState | null {
  return TRANSITIONS[from][event] ?? null;
}

export function canTransition(from: ConversationState, event: HandoffEvent): boolean {
  return nextState(from, event) !== null;
}

/** The state `event` leads to; an illegal move is a 409 naming both, so a client can tell what went wrong. */
export function transition(from: ConversationState, event: HandoffEvent): ConversationState {
  const to = nextState(from, event);
  if (to === null) {
    throw new AppError('HANDOFF_ILLEGAL_TRANSITION', `A conversation in state "${from}" cannot be ${describeEvent(event)}.`, { status: 409 });
  }
  return to;
}

function describeEvent(event: HandoffEvent): string {
  switch (event) {
    case 'request':
      return 'queued for a person';
    case 'pick':
      return 'picked from the monitor (the bot is not handling it)';
    case 'claim':
      return 'claimed (it is not waiting in the queue)';
    case 'release':
      return 'handed back to the bot (no agent holds it)';
    case 'close':
      return 'closed (no agent holds it)';
    case 'cancel':
      return 'taken out of the queue (it is not waiting)';
    case 'agent_lost':
      return 'returned to the queue (no agent holds it)';
    case 'reopen':
      return 'reopened (it is not closed)';
  }
}
