// Bot Framework JWT validation end to end: botbuilder fetches the signing keys from a fake OpenID metadata endpoint
// on 127.0.0.1 and checks tokens signed here. A good token gets a turn and a reply; a missing, expired,
// wrongly addressed or wrongly signed token gets 401 and no turn.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postActivity } from './fake-connector.js';
import { BOT_FRAMEWORK_ISSUER, newRsaKey, startFakeOpenId, type FakeOpenId } from './fake-openid.js';
import { messageActivity, useTeamsBot } from './teams-fixtures.js';

const APP_ID = '00000000-0000-4000-8000-0000000a5b1e';

let openId: FakeOpenId;

beforeAll(async () => {
  openId = await startFakeOpenId();
});

afterAll(async () => {
  await openId.close();
});

// Hooks registered after the ones above: the bot starts once the OpenID endpoint is up and stops before it closes.
const teams = useTeamsBot(() => ({
  appId: APP_ID,
  appPassword: 'not-a-real-secret',
  appType: 'MultiTenant',
  inboundAuth: { openIdMetadataUrl: openId.metadataUrl, tokenIssuer: BOT_FRAMEWORK_ISSUER },
}));

/** expectReplies: botbuilder returns the replies in the response, so no outbound connector token is needed. */
const activity = (text: string) => messageActivity(teams.connector.url, { text, deliveryMode: 'expectReplies' });

async function refused(token: string | undefined) {
  const before = teams.echo.received.length;
  // botbuilder logs each refusal with console.error; keep the test output readable.
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const response = await postActivity(teams.bot.url, activity('should not run'), token ? { authorization: `Bearer ${token}` } : {});
    return { status: response.status, turns: teams.echo.received.length - before };
  } finally {
    consoleError.mockRestore();
  }
}

describe('Teams channel: Bot Framework JWT validation against a local OpenID endpoint', () => {
  it('accepts a token signed by the published key, runs the turn and returns the reply', async () => {
    const token = openId.token({ aud: APP_ID, serviceurl: teams.connector.url });
    const response = await postActivity(teams.bot.url, activity('where is my order'), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const replies = (response.json as { activities?: { text?: string }[] }).activities ?? [];
    expect(replies.map((r) => r.text)).toContain('echo: where is my order');
    expect(teams.echo.received.at(-1)?.text).toBe('where is my order');
    expect(openId.jwksFetches).toBeGreaterThan(0);
  });

  it('refuses a request without a token', async () => {
    expect(await refused(undefined)).toEqual({ status: 401, turns: 0 });
  });

  it('refuses an expired token', async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    expect(await refused(openId.token({ aud: APP_ID, serviceurl: teams.connector.url, exp: hourAgo, nbf: hourAgo - 600, iat: hourAgo - 600 }))).toEqual({ status: 401, turns: 0 });
  });

  it('refuses a token addressed to another bot (wrong audience)', async () => {
    expect(await refused(openId.token({ aud: '11111111-2222-4333-8444-555555555555', serviceurl: teams.connector.url }))).toEqual({ status: 401, turns: 0 });
  });

  it('refuses a token signed by another key under the same key id (wrong signature)', async () => {
    expect(await refused(openId.token({ aud: APP_ID, serviceurl: teams.connector.url }, { signWith: newRsaKey().privateKey }))).toEqual({ status: 401, turns: 0 });
  });

  it('refuses a token from another issuer, or for another service URL', async () => {
    expect(await refused(openId.token({ aud: APP_ID, serviceurl: teams.connector.url, iss: 'https://attacker.example' }))).toEqual({ status: 401, turns: 0 });
    expect(await refused(openId.token({ aud: APP_ID, serviceurl: 'https://elsewhere.example/' }))).toEqual({ status: 401, turns: 0 });
  });
});
