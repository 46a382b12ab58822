import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/app-error.js';
import { canTransition, nextState, transition, type HandoffEvent } from '../../src/handoff/handoff-state.js';
import type { ConversationState } from '../../src/store/ports.js';

const STATES: ConversationState[] = ['bot', 'queued', 'assigned', 'closed'];
const EVENTS: HandoffEvent[] = ['request', 'claim', 'release', 'close', 'cancel', 'agent_lost', 'reopen'];

const LEGAL: [ConversationState, HandoffEvent, ConversationState][] = [
  ['bot', 'request', 'queued'],
  ['queued', 'claim', 'assigned'],
  ['queued', 'cancel', 'bot'],
  ['assigned', 'release', 'bot'],
  ['assigned', 'close', 'closed'],
  ['assigned', 'agent_lost', 'queued'],
  ['closed', 'reopen', 'bot'],
];

describe('handoff state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
    expect(canTransition(from, event)).toBe(true);
  });

  it('refuses every other move with a 409 and a stable code', () => {
    const illegal = STATES.flatMap((from) => EVENTS.map((event) => [from, event] as const)).filter(
      ([from, event]) => !LEGAL.some(([f, e]) => f === from && e === event),
    );
    expect(illegal).toHaveLength(STATES.length * EVENTS.length - LEGAL.length);
    for (const [from, event] of illegal) {
      expect(nextState(from, event)).toBeNull();
      expect(canTransition(from, event)).toBe(false);
      let caught: unknown;
      try {
        transition(from, event);
      } catch (error) {
        caught = error;
      }
      expect(isAppError(caught) && caught.code).toBe('HANDOFF_ILLEGAL_TRANSITION');
      expect(isAppError(caught) && caught.status).toBe(409);
      expect((caught as Error).message).toContain(`"${from}"`);
    }
  });

  it('walks a whole handoff and back: bot → queued → assigned → bot, and again to closed', () => {
    let state: ConversationState = 'bot';
    for (const event of ['request', 'claim', 'release', 'request', 'claim', 'close'] as const) state = transition(state, event);
    expect(state).toBe('closed');
  });

  it('a closed conversation can only be reopened (to the bot)', () => {
    for (const event of EVENTS) expect(canTransition('closed', event)).toBe(event === 'reopen');
  });
});
