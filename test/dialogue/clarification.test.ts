// "Did you mean A or B?": the policy asks, the reply carries both descriptions as buttons, and the follow-ups
// (a button, "yes", "the second one", "and the other one?") resolve to the right intent.
import { describe, expect, it } from 'vitest';
import { clarificationReply, followUpIntent, resolveClarification } from '../../src/dialogue/clarification.js';
import { decide } from '../../src/dialogue/policy.js';
import type { ResponseRenderer } from '../../src/dialogue/responses.js';
import type { NluResult } from '../../src/nlu/types.js';
import type { Conversation } from '../../src/store/ports.js';

const descriptions: Record<string, string> = { order_status: 'Track an order', delivery_options: 'Delivery options and costs' };
const renderer: ResponseRenderer = { render: () => null, hasVariant: () => false, suggestions: () => [], description: (intent) => descriptions[intent] };
const conversation: Conversation = { id: 'c1', channel: 'webchat', state: 'bot', failedTurns: 0, startedAt: '2026-11-01T00:00:00Z', lastMessageAt: '2026-11-01T00:00:00Z' };
const ranking = [
  { intent: 'order_status', confidence: 0.54 },
  { intent: 'delivery_options', confidence: 0.45 },
];
const asked = { options: ['order_status', 'delivery_options'] };

describe('clarification', () => {
  it('the policy asks when the understanding step marks the top two as ambiguous', () => {
    const nlu: NluResult = { intent: 'order_status', confidence: 0.54, ranking, entities: [], ambiguous: ['order_status', 'delivery_options'] };
    expect(decide({ nlu, conversation, context: null, mentionedOrder: null })).toMatchObject({ action: 'clarify', intent: null, clarify: ['order_status', 'delivery_options'] });
  });

  it('offers the two intent descriptions as buttons', () => {
    expect(clarificationReply(['order_status', 'delivery_options'], renderer)).toEqual({
      text: 'Did you mean "Track an order" or "Delivery options and costs"?',
      suggestedActions: [
        { title: 'Track an order', value: 'Track an order' },
        { title: 'Delivery options and costs', value: 'Delivery options and costs' },
      ],
    });
  });

  it.each([
    ['Delivery options and costs', 'delivery_options'],
    ['track an order!', 'order_status'],
    ['yes', 'order_status'],
    ['the second one', 'delivery_options'],
    ['where is my parcel', null],
  ])('after the question, %j picks %s', (text, intent) => {
    expect(followUpIntent(text, asked, renderer)).toBe(intent);
  });

  it('after a pick, "and the other one?" answers the option not taken; nothing happens without a question', () => {
    expect(followUpIntent('and the other one?', { ...asked, chosen: 'delivery_options' }, renderer)).toBe('order_status');
    expect(followUpIntent('yes', { ...asked, chosen: 'delivery_options' }, renderer)).toBeNull();
    expect(followUpIntent('yes', undefined, renderer)).toBeNull();
  });

  it('resolving answers the picked intent with its own confidence and remembers the choice', () => {
    const understood: NluResult = { intent: null, confidence: 0.3, ranking, entities: [] };
    expect(resolveClarification(understood, 'the second one', asked, renderer)).toEqual({
      nlu: { intent: 'delivery_options', confidence: 0.45, ranking, entities: [] },
      state: { ...asked, chosen: 'delivery_options' },
    });
    // A message that is not a follow-up clears the question.
    expect(resolveClarification(understood, 'hello', asked, renderer).state).toBeUndefined();
  });

  it('an intent with no replies in intents/ (learnt from labels only) goes to a person instead of crashing', () => {
    const nlu: NluResult = { intent: 'gift_wrapping', confidence: 0.9, ranking: [], entities: [] };
    const d = decide({ nlu, conversation, context: null, mentionedOrder: null, answerable: (i) => i in descriptions });
    expect(d).toMatchObject({ action: 'handoff', intent: 'human_agent', handoff: { trigger: 'intent_without_reply' } });
  });
});
