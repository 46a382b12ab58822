// "Did you mean A or B?" and the turns right after it: the customer picks a button (or says "the first one",
// "yes"), and may then ask "and the other one?". Everything else clears the question.
import type { NluResult } from '../nlu/types.js';
import type { Conversation } from '../store/ports.js';
import type { ResponseRenderer } from './responses.js';
import type { Reply } from './types.js';

export type ClarificationState = Conversation['clarification'];

const simplify = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

const FIRST = /^(?:yes|yeah|yep|yup|correct|right|that s it|the first( one)?|first( one)?|1|a|option a|the former)$/u;
const SECOND = /^(?:the second( one)?|second( one)?|2|b|option b|the latter|no the other( one)?|no the second( one)?)$/u;
const OTHER = /^(?:(?:and |what about |how about )?(?:the )?other(?: one)?|(?:and )?the other one too|and the second one)$/u;

/** The button title for an intent: its description, else its name. */
export const optionTitle = (intent: string, renderer: ResponseRenderer): string => renderer.description(intent) ?? intent.replaceAll('_', ' ');

export function clarificationReply(options: readonly string[], renderer: ResponseRenderer): Reply {
  const titles = options.map((o) => optionTitle(o, renderer));
  return {
    text: `Did you mean "${titles[0]}" or "${titles[1]}"?`,
    suggestedActions: titles.map((title) => ({ title, value: title })),
  };
}

/** The intent a follow-up to a clarification names, or null when the message is not such a follow-up. */
export function followUpIntent(text: string, state: ClarificationState, renderer: ResponseRenderer): string | null {
  if (!state || state.options.length < 2) return null;
  const said = simplify(text);
  const [a, b] = state.options as [string, string];
  if (state.chosen) {
    // After a pick, "and the other one?" answers the option not taken.
    return OTHER.test(said) ? (state.chosen === a ? b : a) : null;
  }
  for (const option of state.options) if (said === simplify(optionTitle(option, renderer)) || said === simplify(option)) return option;
  if (FIRST.test(said)) return a;
  if (SECOND.test(said)) return b;
  return null;
}

/**
 * Applies the conversation's pending clarification to what was understood: a follow-up answers the named intent
 * (confidence: that intent's own in the ranking, or the understood one). Returns the result and the state to store.
 */
export function resolveClarification(result: NluResult, text: string, state: ClarificationState, renderer: ResponseRenderer): { nlu: NluResult; state: ClarificationState } {
  const picked = followUpIntent(text, state, renderer);
  if (picked && state) {
    const confidence = result.ranking.find((r) => r.intent === picked)?.confidence ?? result.confidence;
    const { ambiguous: _dropped, ...rest } = result;
    return { nlu: { ...rest, intent: picked, confidence }, state: { options: state.options, chosen: picked } };
  }
  return { nlu: result, state: result.ambiguous ? { options: [...result.ambiguous] } : undefined };
}
