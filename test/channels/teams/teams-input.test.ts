// Customer text from Teams follows the web chat's rules: control characters and lone surrogates cleaned before the
// turn, and a message over the cap answered with a sentence saying so instead of being understood.
import { describe, expect, it } from 'vitest';
import { postActivity } from './fake-connector.js';
import { messageActivity, useTeamsBot } from './teams-fixtures.js';

const teams = useTeamsBot();

async function say(text: string) {
  const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text, deliveryMode: 'expectReplies' }));
  expect(response.status).toBe(200);
  return ((response.json as { activities?: { text?: string }[] }).activities ?? []).map((a) => a.text);
}

describe('Teams customer text', () => {
  it('cleans control characters and lone surrogates before the turn', async () => {
    await say('where\u0007 is \ud800 my order\u001b');
    expect(teams.echo.received.at(-1)?.text).toBe('where is \ufffd my order');
  });

  it('answers an over-long message with the limit and runs no turn', async () => {
    const before = teams.echo.received.length;
    const replies = await say('a'.repeat(2500));
    expect(replies).toEqual(['The message is 2,500 characters long; the limit is 2,000. Please shorten it or split it into several messages.']);
    expect(teams.echo.received.length).toBe(before);
  });

  it('keeps emoji and other scripts as they are', async () => {
    await say('🙂 где мой заказ 我的订单');
    expect(teams.echo.received.at(-1)?.text).toBe('🙂 где мой заказ 我的订单');
  });
});
