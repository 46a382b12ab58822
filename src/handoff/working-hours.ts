// When people are there to take a handoff: a weekly schedule such as "Mon-Fri 09:00-17:00; Sat 10:00-14:00" read in
// an IANA time zone (HANDOFF_HOURS, HANDOFF_TIMEZONE). Wall-clock times are read through Intl, so summer-time
// changes need no special cases. An empty schedule means "always open".
import { AppError } from '../app-error.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export interface OpeningSpan {
  /** 0 = Sunday … 6 = Saturday. */
  days: number[];
  /** Minutes after local midnight; `to` is exclusive. */
  from: number;
  to: number;
}

export interface WorkingHours {
  readonly alwaysOpen: boolean;
  readonly timeZone: string;
  /** The schedule as configured, for messages. */
  readonly text: string;
  isOpen(at: Date): boolean;
  /** The next instant the desk opens (to the minute), or null when always open / never within 8 days. */
  nextOpening(at: Date): Date | null;
  /** "Monday at 09:00" in the desk's time zone. */
  describeOpening(at: Date): string;
}

const bad = (message: string) => new AppError('CONFIG_INVALID', `Invalid configuration — HANDOFF_HOURS: ${message}`);

function dayIndex(name: string): number {
  const i = DAYS.findIndex((d) => d.toLowerCase() === name.slice(0, 3).toLowerCase());
  if (i === -1) throw bad(`unknown day "${name}" (use Mon, Tue, … Sun)`);
  return i;
}

function minutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || h > 24 || min > 59 || (h === 24 && min > 0)) throw bad(`bad time "${hhmm}" (use HH:MM)`);
  return h * 60 + min;
}

/** Parses "Mon-Fri 09:00-17:00; Sat 10:00-14:00" (spans separated by ";" or ","; day lists like "Mon,Wed" with "+"). */
export function parseSchedule(text: string): OpeningSpan[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((span) => {
      const m = /^([A-Za-z+-]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(span);
      if (!m) throw bad(`"${span}" is not like "Mon-Fri 09:00-17:00"`);
      const days = new Set<number>();
      for (const part of (m[1] ?? '').split('+')) {
        const [a, b] = part.split('-');
        const start = dayIndex(a ?? '');
        const end = b ? dayIndex(b) : start;
        for (let d = start; ; d = (d + 1) % 7) {
          days.add(d);
          if (d === end) break;
        }
      }
      const from = minutes(m[2] ?? '');
      const to = minutes(m[3] ?? '');
      if (to <= from) throw bad(`"${span}" closes before it opens`);
      return { days: [...days].sort(), from, to };
    });
}

export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    throw new AppError('CONFIG_INVALID', `Invalid configuration — HANDOFF_TIMEZONE: unknown time zone "${timeZone}"`);
  }
}

const STEP_MS = 15 * 60_000;
const HORIZON_MS = 8 * 24 * 60 * 60_000;

export function createWorkingHours(schedule: string, timeZone = 'UTC'): WorkingHours {
  assertTimeZone(timeZone);
  const spans = parseSchedule(schedule);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const local = (at: Date) => {
    const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
    return { day: dayIndex(p.weekday ?? ''), minute: Number(p.hour) * 60 + Number(p.minute) };
  };
  const isOpen = (at: Date) => {
    if (spans.length === 0) return true;
    const { day, minute } = local(at);
    return spans.some((s) => s.days.includes(day) && minute >= s.from && minute < s.to);
  };

  function nextOpening(at: Date): Date | null {
    if (spans.length === 0) return null;
    // Coarse steps find the first open quarter hour; a minute-by-minute walk back finds the exact opening minute.
    const start = Math.floor(at.getTime() / 60_000) * 60_000;
    for (let t = start; t <= start + HORIZON_MS; t += STEP_MS) {
      if (!isOpen(new Date(t))) continue;
      let first = t;
      while (first - 60_000 > at.getTime() && isOpen(new Date(first - 60_000))) first -= 60_000;
      return new Date(Math.max(first, at.getTime()));
    }
    return null;
  }

  return {
    alwaysOpen: spans.length === 0,
    timeZone,
    text: schedule.trim(),
    isOpen,
    nextOpening,
    describeOpening(at) {
      const next = nextOpening(at);
      if (!next) return '';
      const { day, minute } = local(next);
      const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      return `${DAY_NAMES[day]} at ${hhmm}`;
    },
  };
}
