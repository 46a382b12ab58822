// What the bot says about itself: when it did not understand, when something broke, when a message is unusable.
import type { IntentRanking } from '../nlu/types.js';
import type { ResponseRenderer } from './responses.js';
import type { Reply, SuggestedAction } from './types.js';

/** The fallback offers the likeliest intents as buttons (when there is any signal) and a way to a person. */
export function fallbackReply(ranking: IntentRanking, failedTurns: number, renderer: ResponseRenderer, examples: (intent: string) => string | undefined): Reply {
  const guesses: SuggestedAction[] = ranking
    .filter((r) => r.intent !== 'human_agent' && r.confidence >= 0.1)
    .slice(0, 2)
    .flatMap((r) => {
      const title = renderer.description(r.intent);
      const value = examples(r.intent);
      return title && value ? [{ title, value }] : [];
    });
  const human = { title: 'Talk to a person', value: 'I would like to talk to a person' };
  const text =
    failedTurns >= 1
      ? "Sorry, I still didn't get that. You can pick one of these, rephrase, or ask for a person and I'll pass you to our team."
      : guesses.length > 0
        ? "Sorry, I'm not sure I understood. Did you mean one of these?"
        : "Sorry, I didn't understand that. Could you say it another way? I can help with orders, returns, delivery, payments, your account and plan.";
  return { text, suggestedActions: [...guesses, human] };
}

export const errorReply: Reply = {
  text: "Sorry, something went wrong on our side while I was looking into that. Please try again in a moment, or ask for a person.",
  suggestedActions: [{ title: 'Talk to a person', value: 'I would like to talk to a person' }],
};

export const emptyMessageReply: Reply = {
  text: "I didn't catch any words there. What can I help you with?",
};
