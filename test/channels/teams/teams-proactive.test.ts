// Proactive sends (an agent's answer after a handoff) and the deadline on calls to the Bot Framework connector.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/app-error.js';
import { postActivity } from './fake-connector.js';
import { messageActivity, USER, useTeamsBot } from './teams-fixtures.js';

const TIMEOUT_MS = 300;
const teams = useTeamsBot({ appType: 'MultiTenant', timeoutMs: TIMEOUT_MS });

/** A reference as the pipeline would have stored it from an earlier turn. */
async function storedReference(): Promise<Record<string, unknown>> {
  await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text: 'I want a person' }));
  await teams.connector.waitForCalls(1);
  teams.connector.calls.length = 0;
  const reference = teams.echo.received.at(-1)?.reference;
  expect(reference).toBeDefined();
  // Through JSON, as it would be after a round trip through the store.
  return JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
}

describe('Teams channel: proactive messages', () => {
  it('posts the replies as new messages in the stored conversation', async () => {
    const reference = await storedReference();
    await teams.channel.sendProactive(reference, [
      { text: 'Hi, this is Sam from support.' },
      { text: 'Which order is it?', suggestedActions: [{ title: 'Order 1042', value: 'order 1042' }] },
    ]);
    const calls = await teams.connector.waitForCalls(2);
    expect(calls.map((c) => c.conversationId)).toEqual(['a:personal-chat-1', 'a:personal-chat-1']);
    expect(calls.every((c) => c.replyToId === undefined)).toBe(true);
    expect(calls[0]!.body).toMatchObject({ type: 'message', text: 'Hi, this is Sam from support.', recipient: { id: USER.id } });
    expect(calls[1]!.body).toMatchObject({ suggestedActions: { actions: [{ type: 'imBack', value: 'order 1042' }] } });
    teams.connector.calls.length = 0;
  });

  it('rejects a reference that lacks what a send needs, without calling the connector', async () => {
    const error = await teams.channel.sendProactive({ conversation: { id: 'a:1' } }, [{ text: 'hello' }]).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('TEAMS_REFERENCE_INVALID');
    expect(teams.connector.calls).toHaveLength(0);
  });

  it('sends nothing for an empty list of replies', async () => {
    await teams.channel.sendProactive({ channelId: 'msteams', serviceUrl: teams.connector.url, conversation: { id: 'a:1' } }, []);
    expect(teams.connector.calls).toHaveLength(0);
  });
});

describe('Teams channel: connector deadline', () => {
  it('fails a proactive send to a connector that never answers, instead of waiting forever', async () => {
    const reference = await storedReference();
    teams.connector.mode = 'hang';
    try {
      const started = Date.now();
      const error = await teams.channel.sendProactive(reference, [{ text: 'anyone there?' }]).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(isAppError(error) && error.code).toBe('TEAMS_SEND_FAILED');
      expect(isAppError(error) && error.status).toBe(502);
      // The deadline covers the whole call, retries included.
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 2_000);
      expect(teams.connector.calls).toHaveLength(1);
    } finally {
      teams.connector.mode = 'ok';
      teams.connector.calls.length = 0;
    }
  });

  it('still answers the inbound request when the connector hangs during a turn', async () => {
    teams.connector.mode = 'hang';
    try {
      const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text: 'hello?' }));
      // The reply could not be delivered; onTurnError tried to apologise (also cut off) and the request completed.
      expect(response.status).toBe(200);
      expect(teams.connector.calls.map((c) => c.body.text)).toEqual(['echo: hello?', expect.stringMatching(/^Sorry, something went wrong/)]);
    } finally {
      teams.connector.mode = 'ok';
      teams.connector.calls.length = 0;
    }
    const after = await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text: 'and now?' }));
    expect(after.status).toBe(200);
    expect((await teams.connector.waitForCalls(1))[0]!.body.text).toBe('echo: and now?');
  });
});
