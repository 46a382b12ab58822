// Test support: Bot Framework activities as Teams sends them, and a stub turn handler that echoes what it was given.
import type { IncomingMessage, Reply, TurnHandler, TurnResult } from '../../../src/dialogue/types.js';

export const BOT = { id: '28:concierge-bot', name: 'Concierge' };
export const USER = { id: '29:user-1', name: 'Ada Lovelace', aadObjectId: '6f1c7a5e-0000-4000-8000-000000000001' };

let sequence = 0;

export function messageActivity(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'message',
    id: `act-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: USER,
    recipient: BOT,
    conversation: { id: 'a:personal-chat-1', conversationType: 'personal', tenantId: 'tenant-1' },
    text: 'where is my order',
    ...overrides,
  };
}

/** What Teams sends when the bot is @mentioned in a channel post. */
export function channelMentionActivity(serviceUrl: string, text: string): Record<string, unknown> {
  return messageActivity(serviceUrl, {
    conversation: { id: '19:general@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true },
    text: `<at>Concierge</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>Concierge</at>', mentioned: BOT }],
  });
}

export interface EchoHandler {
  handleTurn: TurnHandler;
  received: IncomingMessage[];
}

/** Echoes the text with a button and a card; a text starting with "boom" throws, as a broken pipeline would. */
export function echoHandler(): EchoHandler {
  const received: IncomingMessage[] = [];
  const handleTurn: TurnHandler = async (message) => {
    received.push(message);
    if (message.text.startsWith('boom')) throw new Error('pipeline exploded');
    const replies: Reply[] = [
      {
        text: `echo: ${message.text}`,
        suggestedActions: [{ title: 'Track order', value: 'track my order' }],
        card: {
          title: 'Order 1042',
          subtitle: 'Shipped',
          text: 'On its way.',
          facts: [{ label: 'Carrier', value: 'DHL' }],
          buttons: [{ title: 'Return it', value: 'return order 1042' }],
        },
      },
    ];
    const result: TurnResult = {
      conversationId: message.conversationId,
      replies,
      intent: 'echo',
      confidence: 1,
      action: 'answer',
      interactionId: `i-${received.length}`,
      cursor: `c-${received.length}`,
    };
    return result;
  };
  return { handleTurn, received };
}
