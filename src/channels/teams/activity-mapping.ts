// Translation between Bot Framework activities and the channel-neutral turn shapes (IncomingMessage, Reply).
import { ActionTypes, CardFactory, MessageFactory, TurnContext, type Activity, type Attachment, type CardAction } from 'botbuilder';
import type { IncomingMessage, Reply, ReplyCard, SuggestedAction } from '../../dialogue/types.js';
import { cleanCustomerText } from '../../security/customer-text.js';

/** A Bot Framework activity we are about to send; botbuilder fills in ids, addresses and timestamps. */
export type OutgoingActivity = Partial<Activity>;

function imBack(action: SuggestedAction): CardAction {
  // imBack posts `value` back as if the user typed it, which is what the turn pipeline expects from a button.
  return { type: ActionTypes.ImBack, title: action.title, value: action.value };
}

/** A ReplyCard as a HeroCard; Teams has no fact list on hero cards, so facts become lines of the card text. */
export function heroCardFor(card: ReplyCard): Attachment {
  const facts = (card.facts ?? []).map((fact) => `${fact.label}: ${fact.value}`);
  const text = [card.text, ...facts].filter((part): part is string => Boolean(part)).join('\n\n');
  return CardFactory.heroCard(card.title, text, [], (card.buttons ?? []).map(imBack), card.subtitle ? { subtitle: card.subtitle } : {});
}

/** One reply becomes one message activity: text, the optional hero card and the optional suggested actions. */
export function toActivity(reply: Reply): OutgoingActivity {
  const activity = reply.card ? MessageFactory.attachment(heroCardFor(reply.card), reply.text) : MessageFactory.text(reply.text);
  if (reply.suggestedActions && reply.suggestedActions.length > 0) {
    // Built by MessageFactory so `to` stays unset (shown to everyone); Teams displays at most the first three.
    activity.suggestedActions = MessageFactory.suggestedActions(reply.suggestedActions.map(imBack)).suggestedActions;
  }
  return activity;
}

/** The conversation reference as plain JSON, so the store can keep it and sendProactive can use it later. */
export function plainReference(activity: Partial<Activity>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(TurnContext.getConversationReference(activity))) as Record<string, unknown>;
}

/**
 * The text without the bot's @mention. In Teams channels and group chats the bot is addressed as
 * "<at>Concierge</at> where is my order"; the mention is not part of what the customer asked. This does what
 * TurnContext.removeRecipientMention does, but tolerates a missing text or malformed mention entities (which make
 * botbuilder's version throw) and removes every mention of the bot, not only the first.
 */
export function textWithoutBotMention(activity: Partial<Activity>): string {
  let text = typeof activity.text === 'string' ? activity.text : '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    const mention = entity as { type?: unknown; mentioned?: { id?: unknown }; text?: unknown };
    if (mention.type === 'mention' && botId && mention.mentioned?.id === botId && typeof mention.text === 'string' && mention.text) {
      text = text.split(mention.text).join(' ');
    }
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** The incoming Teams message in channel-neutral form. */
export function toIncomingMessage(activity: Activity): IncomingMessage {
  const from = activity.from;
  return {
    channel: 'teams',
    conversationId: activity.conversation.id,
    userRef: `teams:${from.aadObjectId ?? from.id}`,
    ...(from.name ? { userName: from.name } : {}),
    text: cleanCustomerText(textWithoutBotMention(activity)),
    reference: plainReference(activity),
  };
}
