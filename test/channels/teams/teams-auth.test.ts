// Authentication: with an app id configured, only requests carrying a valid Bot Framework JWT reach the bot.
import { describe, expect, it, vi } from 'vitest';
import { postActivity } from './fake-connector.js';
import { messageActivity, useTeamsBot } from './teams-fixtures.js';

const APP_ID = '00000000-0000-4000-8000-00000000b07a';

const teams = useTeamsBot({ appId: APP_ID, appPassword: 'not-a-real-secret', appType: 'MultiTenant' });

/** A structurally valid JWT (header.payload.signature) that no Bot Framework key signed. */
function forgedToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'RS256', typ: 'JWT', kid: 'forged' });
  const payload = part({ iss: 'https://attacker.example', aud: APP_ID, serviceurl: teams.connector.url, exp: Math.floor(Date.now() / 1000) + 600 });
  return `${header}.${payload}.${Buffer.from('signature').toString('base64url')}`;
}

describe('Teams channel with an app id (auth on)', () => {
  it('reports that authentication is enabled', () => {
    expect(teams.channel.authEnabled).toBe(true);
  });

  it('answers 401 to a request without an Authorization header and does not run a turn', async () => {
    const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: { code: 'TEAMS_UNAUTHORIZED' } });
    expect(teams.echo.received).toHaveLength(0);
    expect(teams.connector.calls).toHaveLength(0);
  });

  it('answers 401 to a non-bearer Authorization header', async () => {
    const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url), { authorization: 'Basic dXNlcjpwYXNz' });
    expect(response.status).toBe(401);
    expect(teams.echo.received).toHaveLength(0);
  });

  it('lets botbuilder refuse a forged bearer token (untrusted issuer) with 401, without running a turn', async () => {
    // botbuilder logs each refusal with console.error; keep the test output readable.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await postActivity(teams.bot.url, messageActivity(teams.connector.url), { authorization: `Bearer ${forgedToken()}` });
      expect(response.status).toBe(401);
      expect(response.text).toMatch(/Unauthorized/i);
      expect(teams.echo.received).toHaveLength(0);
      expect(teams.connector.calls).toHaveLength(0);
    } finally {
      consoleError.mockRestore();
    }
  });
});
