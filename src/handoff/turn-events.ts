// Announces customer turns on the handoff event bus, around the turn handler rather than inside it: a message relayed
// to an agent, a conversation that joined the queue, or an ordinary bot turn (for the agents' live monitor).
import type { TurnHandler } from '../dialogue/types.js';
import { RELAYED_TO_AGENT } from '../dialogue/turn-pipeline.js';
import type { HandoffEvents } from './handoff-events.js';

export function withHandoffEvents(handleTurn: TurnHandler, events: HandoffEvents): TurnHandler {
  return async (message) => {
    const result = await handleTurn(message);
    const type = result.action === RELAYED_TO_AGENT ? 'customer_message' : result.action === 'handoff' ? 'queued' : 'bot_turn';
    events.publish({ type, conversationId: result.conversationId });
    return result;
  };
}
