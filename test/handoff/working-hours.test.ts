// Working hours: parsing, open/closed in a time zone, across the summer-time change, and the next opening.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/app-error.js';
import { createWorkingHours, parseSchedule } from '../../src/handoff/working-hours.js';

const at = (iso: string) => new Date(iso);

describe('working hours', () => {
  it('parses day ranges, day lists and several spans, and rejects nonsense', () => {
    expect(parseSchedule('Mon-Fri 09:00-17:00')).toEqual([{ days: [1, 2, 3, 4, 5], from: 540, to: 1020 }]);
    expect(parseSchedule('Sat+Sun 10:00-14:30; Fri-Mon 08:00-09:00')).toEqual([
      { days: [0, 6], from: 600, to: 870 },
      { days: [0, 1, 5, 6], from: 480, to: 540 },
    ]);
    expect(parseSchedule('')).toEqual([]);
    for (const bad of ['Mon-Fri', 'Funday 09:00-17:00', 'Mon 17:00-09:00', 'Mon 25:00-26:00']) {
      let error: unknown;
      try {
        parseSchedule(bad);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
    }
    expect(() => createWorkingHours('Mon 09:00-17:00', 'Mars/Olympus')).toThrow(/HANDOFF_TIMEZONE/);
  });

  it('is always open with no schedule', () => {
    const hours = createWorkingHours('');
    expect(hours.alwaysOpen).toBe(true);
    expect(hours.isOpen(at('2026-12-25T03:00:00Z'))).toBe(true);
    expect(hours.nextOpening(at('2026-12-25T03:00:00Z'))).toBeNull();
  });

  it('reads the clock in the configured zone, on both sides of the spring summer-time change', () => {
    const london = createWorkingHours('Mon-Fri 09:00-17:00', 'Europe/London');
    // Friday 27 March 2026 is still GMT: 08:30 UTC is 08:30 local → closed; 09:00 UTC → open.
    expect(london.isOpen(at('2026-03-27T08:30:00Z'))).toBe(false);
    expect(london.isOpen(at('2026-03-27T09:00:00Z'))).toBe(true);
    // Monday 30 March 2026 is BST (UTC+1): 08:30 UTC is 09:30 local → open; 16:30 UTC is 17:30 → closed.
    expect(london.isOpen(at('2026-03-30T08:30:00Z'))).toBe(true);
    expect(london.isOpen(at('2026-03-30T16:30:00Z'))).toBe(false);
    // The same instant in UTC hours is open on Friday but not on Monday evening.
    const utc = createWorkingHours('Mon-Fri 09:00-17:00', 'UTC');
    expect(utc.isOpen(at('2026-03-30T16:30:00Z'))).toBe(true);
  });

  it('finds the next opening across a weekend and the clock change, to the minute', () => {
    const london = createWorkingHours('Mon-Fri 09:00-17:00', 'Europe/London');
    // Friday 27 March 18:00 GMT → Monday 30 March 09:00 BST = 08:00 UTC.
    expect(london.nextOpening(at('2026-03-27T18:00:00Z'))?.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(london.describeOpening(at('2026-03-27T18:00:00Z'))).toBe('Monday at 09:00');
    // Autumn: Friday 23 October 2026 18:00 BST → Monday 26 October 09:00 GMT = 09:00 UTC.
    expect(london.nextOpening(at('2026-10-23T17:00:00Z'))?.toISOString()).toBe('2026-10-26T09:00:00.000Z');
    // An opening at an odd minute is found exactly.
    const odd = createWorkingHours('Tue 09:07-10:00', 'Asia/Kolkata');
    expect(odd.nextOpening(at('2026-11-23T12:00:00Z'))?.toISOString()).toBe('2026-11-24T03:37:00.000Z');
  });
});
