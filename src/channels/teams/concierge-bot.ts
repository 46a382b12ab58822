// The thin Bot Framework ActivityHandler: routes activities to the turn handler and sends what it answers.
import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { TurnHandler } from '../../dialogue/types.js';
import type { Logger } from '../../logger.js';
import { MAX_CUSTOMER_MESSAGE_CHARS, tooLongMessage } from '../../security/customer-text.js';
import { toActivity, toIncomingMessage } from './activity-mapping.js';

export const DEFAULT_WELCOME_TEXT =
  "Hi, I'm Concierge. Ask me about your orders, returns, delivery, payments, your account or plan, or ask for a person at any time.";

export interface ConciergeBotDependencies {
  handleTurn: TurnHandler;
  logger: Logger;
  welcomeText?: string;
}

/**
 * Everything else (other activity types: typing, reactions, installation updates, unknown invokes) falls through to
 * ActivityHandler's defaults, which do nothing and answer 200, or 501 for invokes the bot does not implement.
 */
export class ConciergeBot extends ActivityHandler {
  constructor(private readonly deps: ConciergeBotDependencies) {
    super();
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  private async answer(context: TurnContext): Promise<void> {
    const message = toIncomingMessage(context.activity);
    // The same cap as the web chat; Teams cannot show an HTTP error, so the bot says it instead of running the turn.
    if (message.text.length > MAX_CUSTOMER_MESSAGE_CHARS) {
      await context.sendActivity(toActivity({ text: tooLongMessage(message.text.length) }));
      this.deps.logger.info('teams.turn.too_long', { conversationId: message.conversationId, chars: message.text.length });
      return;
    }
    const started = Date.now();
    // Errors propagate to the adapter's onTurnError, the one place that apologises to the customer.
    const result = await this.deps.handleTurn(message);
    if (result.replies.length > 0) await context.sendActivities(result.replies.map(toActivity));
    this.deps.logger.debug('teams.turn.done', {
      conversationId: message.conversationId,
      intent: result.intent,
      action: result.action,
      replies: result.replies.length,
      ms: Date.now() - started,
    });
  }

  /** One welcome per update, and none when the only member added is the bot itself (installation into a team). */
  private async welcome(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient.id;
    const people = (context.activity.membersAdded ?? []).filter((member) => member.id !== botId);
    if (people.length === 0) return;
    await context.sendActivity(toActivity({ text: this.deps.welcomeText ?? DEFAULT_WELCOME_TEXT }));
    this.deps.logger.debug('teams.welcome.sent', { conversationId: context.activity.conversation.id, members: people.length });
  }
}
