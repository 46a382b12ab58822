// The handoff desk's settings: defaults, a valid schedule and zone, and the errors for bad ones.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

describe('handoff desk configuration', () => {
  it('defaults to always open, UTC, a 120-second grace period', () => {
    expect(loadConfig({}).handoffDesk).toEqual({ hours: '', timeZone: 'UTC', graceSeconds: 120 });
  });

  it('reads hours, time zone and grace period', () => {
    const config = loadConfig({ HANDOFF_HOURS: 'Mon-Fri 09:00-17:00', HANDOFF_TIMEZONE: 'Europe/London', HANDOFF_GRACE_SECONDS: '30' });
    expect(config.handoffDesk).toEqual({ hours: 'Mon-Fri 09:00-17:00', timeZone: 'Europe/London', graceSeconds: 30 });
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ HANDOFF_HOURS: 'weekdays 9-5' })).toThrow(/HANDOFF_HOURS/);
    expect(() => loadConfig({ HANDOFF_TIMEZONE: 'Moon/Base' })).toThrow(/HANDOFF_TIMEZONE/);
    expect(() => loadConfig({ HANDOFF_GRACE_SECONDS: '-1' })).toThrow(/HANDOFF_GRACE_SECONDS/);
  });
});
