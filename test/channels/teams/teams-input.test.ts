// Customer text from Teams follows the web chat's rules: control characters and lone surrogates cleaned before the
// turn, and a message over the cap answered with a sentence saying so instead of being understood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsChannel } from '../../../src/channels/teams/teams-channel.js';
import { silentLogger } from '../../../src/logger.js';
import { postActivity, startBotServer, startFakeConnector, type BotServer, type FakeConnector } from './fake-connector.js';
import { echoHandler, messageActivity, type EchoHandler } from './teams-fixtures.js';

let connector: FakeConnector;
let bot: BotServer;
let echo: EchoHandler;

beforeAll(async () => {
  connector = await startFakeConnector();
  echo = echoHandler();
  bot = await startBotServer(createTeamsChannel({ appType: 'MultiTenant', handleTurn: echo.handleTurn, logger: silentLogger }));
});

afterAll(async () => {
  await bot.close();
  await connector.close();
});

async function say(text: string) {
  const response = await postActivity(bot.url, messageActivity(connector.url, { text, deliveryMode: 'expectReplies' }));
  expect(response.status).toBe(200);
  return ((response.json as { activities?: { text?: string }[] }).activities ?? []).map((a) => a.text);
}

describe('Teams customer text', () => {
  it('cleans control characters and lone surrogates before the turn', async () => {
    await say('where\u0007 is \ud800 my order\u001b');
    expect(echo.received.at(-1)?.text).toBe('where is \ufffd my order');
  });

  it('answers an over-long message with the limit and runs no turn', async () => {
    const before = echo.received.length;
    const replies = await say('a'.repeat(2500));
    expect(replies).toEqual(['The message is 2,500 characters long; the limit is 2,000. Please shorten it or split it into several messages.']);
    expect(echo.received.length).toBe(before);
  });

  it('keeps emoji and other scripts as they are', async () => {
    await say('🙂 где мой заказ 我的订单');
    expect(echo.received.at(-1)?.text).toBe('🙂 где мой заказ 我的订单');
  });
});
