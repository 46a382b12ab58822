// The filters every report takes — period (inclusive UTC days), channel, segment — validated with zod, and the
// leading $match stages they become. Dates are stored as ISO strings, so a day range is a string range on `at`.
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { Channel } from '../store/ports.js';

export const DEFAULT_PERIOD_DAYS = 30;
/** A longer period would make one request scan years of messages; a digest of a quarter is the longest we expect. */
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, 'must be an ISO date like 2026-01-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');

export const reportFiltersInputSchema = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  channel: z.enum(['webchat', 'teams']).optional(),
  segment: z.string().trim().min(1).max(60).regex(/^[\w .-]+$/u, 'letters, digits, spaces, . _ - only').optional(),
});

export type ReportFiltersInput = z.infer<typeof reportFiltersInputSchema>;

export interface ReportFilters {
  /** First and last day of the period (inclusive, UTC), as YYYY-MM-DD. */
  from: string;
  to: string;
  channel?: Channel;
  segment?: string;
}

export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
const addDays = (day: string, n: number): string => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

/** Validates raw filters (400 naming the field on error); the default period is the last 30 days up to today. */
export function resolveFilters(input: unknown, now: Date = new Date()): ReportFilters {
  const parsed = reportFiltersInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(filters)', message: i.message }));
    throw Object.assign(new AppError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { status: 400 }), { fields });
  }
  const to = parsed.data.to ?? dayOf(now);
  const from = parsed.data.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw Object.assign(new AppError('VALIDATION_FAILED', 'from: must not be after to', { status: 400 }), { fields: [{ field: 'from', message: 'must not be after to' }] });
  if (periodDays({ from, to }) > MAX_PERIOD_DAYS) {
    throw Object.assign(new AppError('VALIDATION_FAILED', `to: the period may span at most ${MAX_PERIOD_DAYS} days`, { status: 400 }), { fields: [{ field: 'to', message: `at most ${MAX_PERIOD_DAYS} days` }] });
  }
  return { from, to, ...(parsed.data.channel ? { channel: parsed.data.channel } : {}), ...(parsed.data.segment ? { segment: parsed.data.segment } : {}) };
}

export function periodDays(f: Pick<ReportFilters, 'from' | 'to'>): number {
  return Math.round((Date.parse(`${f.to}T00:00:00Z`) - Date.parse(`${f.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** The period of equal length just before this one (for trends). */
export function previousPeriod(f: ReportFilters): ReportFilters {
  const days = periodDays(f);
  return { ...f, from: addDays(f.from, -days), to: addDays(f.from, -1) };
}

/** Every day of the period, so charts show days without traffic as zero. */
export function daysOf(f: Pick<ReportFilters, 'from' | 'to'>): string[] {
  const days: string[] = [];
  for (let d = f.from; d <= f.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** `at` within the period: from 00:00 of `from` up to (not including) 00:00 of the day after `to`. */
export function atRange(f: Pick<ReportFilters, 'from' | 'to'>): { $gte: string; $lt: string } {
  return { $gte: `${f.from}T00:00:00.000Z`, $lt: `${addDays(f.to, 1)}T00:00:00.000Z` };
}

/** Actions that are not the bot answering: messages relayed to an agent, empty messages, failed turns. */
export const NOT_BOT_TURNS = ['relayed_to_agent', 'empty', 'error'];

/** Customer messages of the period, optionally only those the bot itself answered. */
export function customerMatch(f: ReportFilters, options: { botTurns?: boolean } = {}): Record<string, unknown> {
  return {
    sender: 'customer',
    at: atRange(f),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.segment ? { segment: f.segment } : {}),
    ...(options.botTurns ? { action: { $nin: NOT_BOT_TURNS } } : {}),
  };
}

/** The calendar day of an ISO timestamp, inside a pipeline. */
export const DAY_EXPR = { $substrBytes: ['$at', 0, 10] };

/** 1 when the NLU gave no intent (below the out-of-scope threshold), else 0 — inside a pipeline. */
export const NO_INTENT_EXPR = { $cond: [{ $ifNull: ['$intent', false] }, 0, 1] };
