// The Teams channel end to end over HTTP: express → CloudAdapter → stub turn handler → fake Bot Framework connector.
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsChannel } from '../../../src/channels/teams/teams-channel.js';
import { errorReply } from '../../../src/dialogue/system-replies.js';
import { createLogger } from '../../../src/logger.js';
import { postActivity, startBotServer } from './fake-connector.js';
import { BOT, channelMentionActivity, messageActivity, USER, useTeamsBot } from './teams-fixtures.js';

const teams = useTeamsBot({ appType: 'MultiTenant', timeoutMs: 2_000 });

afterEach(() => {
  teams.connector.calls.length = 0;
  teams.echo.received.length = 0;
});

describe('Teams channel: inbound messages', () => {
  it('runs without auth when no app id is configured', () => {
    expect(teams.channel.authEnabled).toBe(false);
  });

  it('hands the turn handler a normalised message and posts the reply (text, buttons, hero card) to the connector', async () => {
    const activity = messageActivity(teams.connector.url);
    const response = await postActivity(teams.bot.url, activity);
    expect(response.status).toBe(200);

    expect(teams.echo.received).toHaveLength(1);
    const message = teams.echo.received[0]!;
    expect(message).toMatchObject({
      channel: 'teams',
      conversationId: 'a:personal-chat-1',
      userRef: `teams:${USER.aadObjectId}`,
      userName: USER.name,
      text: 'where is my order',
    });
    expect(message.reference).toMatchObject({ serviceUrl: teams.connector.url, channelId: 'msteams', conversation: { id: 'a:personal-chat-1' }, bot: { id: BOT.id } });

    const [call] = await teams.connector.waitForCalls(1);
    expect(call).toMatchObject({ conversationId: 'a:personal-chat-1', replyToId: activity.id });
    expect(call!.body).toMatchObject({
      type: 'message',
      text: 'echo: where is my order',
      replyToId: activity.id,
      from: { id: BOT.id },
      recipient: { id: USER.id },
      suggestedActions: { actions: [{ type: 'imBack', title: 'Track order', value: 'track my order' }] },
    });
    const attachments = call!.body.attachments as { contentType: string; content: Record<string, unknown> }[];
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({
      contentType: 'application/vnd.microsoft.card.hero',
      content: {
        title: 'Order 1042',
        subtitle: 'Shipped',
        text: 'On its way.\n\nCarrier: DHL',
        buttons: [{ type: 'imBack', title: 'Return it', value: 'return order 1042' }],
      },
    });
  });

  it('strips the bot @mention in a channel post', async () => {
    await postActivity(teams.bot.url, channelMentionActivity(teams.connector.url, 'can I return my order?'));
    expect(teams.echo.received[0]?.text).toBe('can I return my order?');
    expect(teams.echo.received[0]?.conversationId).toBe('19:general@thread.tacv2;messageid=1700000000000');
    await teams.connector.waitForCalls(1);
  });

  it('uses the channel account id when there is no Entra object id (Emulator, Web Chat test)', async () => {
    await postActivity(teams.bot.url, messageActivity(teams.connector.url, { from: { id: 'emulator-user', name: 'User' } }));
    expect(teams.echo.received[0]?.userRef).toBe('teams:emulator-user');
    await teams.connector.waitForCalls(1);
  });

  it('returns the replies in the HTTP response for deliveryMode "expectReplies" and calls no connector', async () => {
    const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url, { deliveryMode: 'expectReplies', text: 'hello' }));
    expect(response.status).toBe(200);
    const activities = response.json.activities as Record<string, unknown>[];
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ type: 'message', text: 'echo: hello', suggestedActions: { actions: [{ value: 'track my order' }] } });
    expect(teams.connector.calls).toHaveLength(0);
  });
});

describe('Teams channel: other activities', () => {
  it('welcomes people added to the conversation, but not the bot itself', async () => {
    const update = (membersAdded: unknown[]) =>
      messageActivity(teams.connector.url, { type: 'conversationUpdate', text: undefined, membersAdded });
    expect((await postActivity(teams.bot.url, update([BOT]))).status).toBe(200);
    expect((await postActivity(teams.bot.url, update([USER]))).status).toBe(200);
    const calls = await teams.connector.waitForCalls(1);
    expect(calls).toHaveLength(1);
    expect(String(calls[0]!.body.text)).toMatch(/Concierge/);
    expect(teams.echo.received).toHaveLength(0);
  });

  it('ignores typing and reactions politely: 200, no turn, nothing sent', async () => {
    expect((await postActivity(teams.bot.url, messageActivity(teams.connector.url, { type: 'typing', text: undefined }))).status).toBe(200);
    expect((await postActivity(teams.bot.url, messageActivity(teams.connector.url, { type: 'messageReaction', text: undefined, reactionsAdded: [{ type: 'like' }] }))).status).toBe(200);
    expect(teams.echo.received).toHaveLength(0);
    // A message afterwards produces exactly one connector call: the ignored activities sent nothing before it.
    await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text: 'after' }));
    const calls = await teams.connector.waitForCalls(1);
    expect(calls.map((c) => c.body.text)).toEqual(['echo: after']);
  });

  it.each([
    ['no conversation', { conversation: undefined }],
    ['no sender', { from: undefined }],
    ['no recipient', { recipient: undefined }],
    ['no service URL', { serviceUrl: undefined }],
    ['a non-http service URL', { serviceUrl: 'file:///etc/passwd' }],
    ['no type', { type: undefined }],
  ])('answers 400 to an activity with %s, without running a turn', async (_name, overrides) => {
    const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url, overrides));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: { code: 'TEAMS_ACTIVITY_INVALID' } });
    expect(teams.echo.received).toHaveLength(0);
  });

  it('answers 400 to a body that is not an activity object', async () => {
    expect((await postActivity(teams.bot.url, ['not', 'an', 'activity'])).status).toBe(400);
    expect((await postActivity(teams.bot.url, 'just a string')).status).toBe(400);
  });
});

describe('Teams channel: failures', () => {
  it('apologises when the turn handler throws, and keeps answering afterwards', async () => {
    const failed = await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text: 'boom' }));
    expect(failed.status).toBe(200);
    const [apology] = await teams.connector.waitForCalls(1);
    expect(apology!.body).toMatchObject({ text: errorReply.text, suggestedActions: { actions: [{ title: 'Talk to a person' }] } });
    expect(JSON.stringify(apology!.body)).not.toContain('pipeline exploded');

    const next = await postActivity(teams.bot.url, messageActivity(teams.connector.url, { text: 'still there?' }));
    expect(next.status).toBe(200);
    const calls = await teams.connector.waitForCalls(2);
    expect(calls[1]!.body.text).toBe('echo: still there?');
  });

  it('logs the failure at error level without the customer\'s words', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const logged = createTeamsChannel({ appType: 'MultiTenant', handleTurn: teams.echo.handleTurn, logger });
    const server = await startBotServer(logged);
    try {
      await postActivity(server.url, messageActivity(teams.connector.url, { text: 'boom my card is 4111 1111 1111 1111' }));
      await teams.connector.waitForCalls(1);
    } finally {
      await server.close();
    }
    const failure = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === 'teams.turn.failed');
    expect(failure).toMatchObject({ level: 'error', errorName: 'Error', errorMessage: 'pipeline exploded', activityType: 'message' });
    expect(lines.join('\n')).not.toMatch(/4111|my card/);
  });
});
