import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.mongo).toBeNull();
    expect(config.logLevel).toBe('info');
    expect(config.env).toBe('development');
    expect(config.seedDemoData).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '', LOG_LEVEL: '' }).port).toBe(3978);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
    [{ MICROSOFT_APP_ID: 'abc' }, 'MICROSOFT_APP_PASSWORD'],
    [{ MICROSOFT_APP_ID: 'abc', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' }, 'MICROSOFT_APP_TENANT_ID'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('reads MongoDB and Microsoft settings', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db:27017', MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw' });
    expect(config.mongo).toEqual({ uri: 'mongodb://db:27017', db: 'concierge' });
    expect(config.microsoft.appId).toBe('id');
  });

  it('reads the high-value-at-risk trigger and the retention offers file', () => {
    const defaults = loadConfig({});
    expect(defaults.highValueAtRisk).toEqual({ enabled: true, minChurn: 0.6, minValue: 1000 });
    expect(defaults.retentionOffersFile).toBeUndefined();
    const set = loadConfig({ HANDOFF_ON_HIGH_VALUE_AT_RISK: 'false', HANDOFF_HIGH_VALUE_MIN_CHURN: '0.7', HANDOFF_HIGH_VALUE_MIN_VALUE: '250', RETENTION_OFFERS_FILE: 'my-offers.yaml' });
    expect(set.highValueAtRisk).toEqual({ enabled: false, minChurn: 0.7, minValue: 250 });
    expect(set.retentionOffersFile).toMatch(/my-offers\.yaml$/);
    expect(() => loadConfig({ HANDOFF_HIGH_VALUE_MIN_CHURN: '2' })).toThrow(/HANDOFF_HIGH_VALUE_MIN_CHURN/);
  });

  it('offers the demo sign-in outside production only, unless set, and checks the identity secret', () => {
    expect(loadConfig({}).webchatIdentity).toEqual({ identitySecret: undefined, demoSignIn: true });
    const secret = 'x'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret }).webchatIdentity.demoSignIn).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: secret, WEBCHAT_DEMO_SIGN_IN: 'true' }).webchatIdentity.demoSignIn).toBe(true);
    expect(loadConfig({ WEBCHAT_DEMO_SIGN_IN: 'false', WEBCHAT_IDENTITY_SECRET: secret }).webchatIdentity).toEqual({ identitySecret: secret, demoSignIn: false });
    expect(() => loadConfig({ WEBCHAT_IDENTITY_SECRET: 'short' })).toThrow(/WEBCHAT_IDENTITY_SECRET/);
    expect(() => loadConfig({ WEBCHAT_DEMO_SIGN_IN: 'yes' })).toThrow(/WEBCHAT_DEMO_SIGN_IN/);
  });
});
