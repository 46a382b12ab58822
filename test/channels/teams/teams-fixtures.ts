// Test support: Bot Framework activities as Teams sends them, a stub turn handler that echoes what it was given, and
// useTeamsBot, the set-up every HTTP-level Teams suite shares (fake connector + echo handler + channel + bot server).
import { afterAll, beforeAll } from 'vitest';
import { createTeamsChannel, type TeamsChannel, type TeamsChannelOptions } from '../../../src/channels/teams/teams-channel.js';
import type { IncomingMessage, Reply, TurnHandler, TurnResult } from '../../../src/dialogue/types.js';
import { silentLogger } from '../../../src/logger.js';
import { startBotServer, startFakeConnector, type BotServer, type FakeConnector } from './fake-connector.js';

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

/** Channel options of a test bot; the turn handler is the echo handler, the logger silent. */
export type TeamsBotOptions = Omit<TeamsChannelOptions, 'handleTurn' | 'logger'>;

export interface TeamsBot {
  readonly connector: FakeConnector;
  readonly bot: BotServer;
  readonly echo: EchoHandler;
  readonly channel: TeamsChannel;
}

/**
 * Starts a fake connector and a bot server around an echoing Teams channel before the suite's tests and stops both
 * after it; read the fields inside the tests. `options` may be a function, called in beforeAll, for settings that
 * come from something an earlier beforeAll started (a fake OpenID endpoint).
 */
export function useTeamsBot(options: TeamsBotOptions | (() => TeamsBotOptions) = { appType: 'MultiTenant' }): TeamsBot {
  const running: Partial<{ -readonly [K in keyof TeamsBot]: TeamsBot[K] }> = {};
  beforeAll(async () => {
    running.connector = await startFakeConnector();
    running.echo = echoHandler();
    const settings = typeof options === 'function' ? options() : options;
    running.channel = createTeamsChannel({ ...settings, handleTurn: running.echo.handleTurn, logger: silentLogger });
    running.bot = await startBotServer(running.channel);
  });
  afterAll(async () => {
    await running.bot?.close();
    await running.connector?.close();
  });
  const started = <K extends keyof TeamsBot>(key: K): TeamsBot[K] => {
    const value = running[key];
    if (value === undefined) throw new Error(`the Teams test bot's ${key} has not started (use it inside a test)`);
    return value as TeamsBot[K];
  };
  return {
    get connector() {
      return started('connector');
    },
    get bot() {
      return started('bot');
    },
    get echo() {
      return started('echo');
    },
    get channel() {
      return started('channel');
    },
  };
}
