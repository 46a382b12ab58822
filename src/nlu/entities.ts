// Entities in a customer message: patterns for what compromise misses or mangles (order ids, UK phone numbers,
// amounts, dates) and compromise for people (plus e-mails and phone numbers the patterns did not catch).
// Spans never overlap: the first pattern to claim characters keeps them. Values are normalised for code to use.
import { compromiseFinds } from './compromise-spans.js';
import { MAX_TEXT_CHARS } from './text-normalise.js';
import type { EntityExtractor, EntityValue } from './types.js';

export interface EntityExtractorOptions {
  /** Catalogue product names to spot verbatim (case-insensitive, whole words); the value is the name as given. */
  productNames?: readonly string[];
  /** "Now" for today/tomorrow/yesterday (default: the clock); dates are resolved in UTC. */
  now?: () => Date;
}

interface Span extends EntityValue {
  start: number;
  end: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const pad = (n: number): string => String(n).padStart(2, '0');
const isoDay = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const monthIndex = (name: string): number => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3)));

function dayMonth(day: string, month: string, year: string | undefined): string | null {
  const d = Number(day);
  const m = monthIndex(month) + 1;
  if (m < 1 || d < 1 || d > 31) return null;
  return year ? `${year.length === 2 ? `20${year}` : year}-${pad(m)}-${pad(d)}` : `--${pad(m)}-${pad(d)}`;
}

const CURRENCY: Record<string, string> = { '£': 'GBP', $: 'USD', '€': 'EUR', pound: 'GBP', pounds: 'GBP', quid: 'GBP', gbp: 'GBP', euro: 'EUR', euros: 'EUR', eur: 'EUR', dollar: 'USD', dollars: 'USD', bucks: 'USD', usd: 'USD' };

const money = (currency: string, amount: string): string => `${CURRENCY[currency.toLowerCase()] ?? 'GBP'} ${Number(amount.replace(/,/gu, '')).toFixed(2)}`;

interface Pattern {
  type: string;
  regex: RegExp;
  /** The value, or null to reject the match; `group` narrows the span to one capture group. */
  value: (m: RegExpExecArray, now: Date) => string | null;
  group?: number;
}

const AMOUNT = '(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?';

// Order matters: earlier patterns win overlapping characters.
const PATTERNS: Pattern[] = [
  { type: 'email', regex: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, value: (m) => m[0].toLowerCase() },
  {
    type: 'orderId',
    regex: /\b(?:order|invoice|parcel|package)(?:\s+(?:no\.?|nr\.?|num(?:ber)?|id|ref(?:erence)?|is|was|code))*\s*:?\s*(#?\s?[cC]?\d{5,7})(?![\d.,])/giu,
    value: (m) => (m[1] ?? '').replace(/[#\s]/gu, '').toUpperCase(),
    group: 1,
  },
  { type: 'orderId', regex: /#\s?([cC]?\d{5,7})(?![\d.,])/gu, value: (m) => (m[1] ?? '').toUpperCase() },
  { type: 'orderId', regex: /\b[cC]\d{6,7}\b/gu, value: (m) => m[0].toUpperCase() },
  {
    type: 'phone',
    regex: /(?<![\w£$€])(?:\+|\(|\b0)[\d\s().-]{7,}\d\b/gu,
    value: (m) => {
      const digits = m[0].replace(/\D/gu, '');
      if (digits.length < 9 || digits.length > 15) return null;
      return m[0].trim().startsWith('+') ? `+${digits}` : digits;
    },
  },
  { type: 'money', regex: new RegExp(`([£$€])\\s?${AMOUNT}`, 'gu'), value: (m) => money(m[1] ?? '£', `${m[2]}.${m[3] ?? '0'}`) },
  { type: 'money', regex: new RegExp(`\\b(gbp|usd|eur)\\s?${AMOUNT}`, 'giu'), value: (m) => money(m[1] ?? 'gbp', `${m[2]}.${m[3] ?? '0'}`) },
  {
    type: 'money',
    regex: new RegExp(`\\b${AMOUNT}\\s?(pounds?|quid|euros?|dollars?|bucks|gbp|usd|eur)\\b`, 'giu'),
    value: (m) => money(m[3] ?? 'gbp', `${m[1]}.${m[2] ?? '0'}`),
  },
  { type: 'money', regex: /\b(\d{1,2})p\b/gu, value: (m) => `GBP ${(Number(m[1]) / 100).toFixed(2)}` },
  {
    type: 'date',
    regex: /\b(\d{4})-(\d{2})-(\d{2})\b/gu,
    value: (m) => (Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31 ? m[0] : null),
  },
  { type: 'date', regex: /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/gu, value: (m) => dayMonth(m[1] ?? '', MONTHS[Number(m[2]) - 1] ?? '', m[3]) },
  {
    type: 'date',
    regex: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b(?:,?\\s+(\\d{4}))?`, 'giu'),
    value: (m) => dayMonth(m[1] ?? '', m[2] ?? '', m[3]),
  },
  {
    type: 'date',
    regex: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'giu'),
    value: (m) => dayMonth(m[2] ?? '', m[1] ?? '', m[3]),
  },
  {
    type: 'date',
    regex: /\b(today|tonight|tomorrow|yesterday)\b/giu,
    value: (m, now) => {
      const word = (m[1] ?? '').toLowerCase();
      const offset = word === 'tomorrow' ? 1 : word === 'yesterday' ? -1 : 0;
      return isoDay(new Date(now.getTime() + offset * 86_400_000));
    },
  },
  {
    type: 'date',
    regex: /\b(?:(last|next|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/giu,
    value: (m) => [m[1]?.toLowerCase(), (m[2] ?? '').toLowerCase()].filter(Boolean).join(' '),
  },
  // Bare 6–7 digit numbers: in this shop's chat they are almost always order numbers (phones are longer).
  { type: 'orderId', regex: /(?<![\d£$€.,#-])\b(\d{6,7})\b(?![\d.,%])/gu, value: (m) => m[1] ?? null },
];

// Words compromise sometimes takes for names in a chat with a bot.
const NOT_PEOPLE = new Set(['concierge', 'bot', 'hi', 'hello', 'hey', 'thanks', 'mate', 'sir', 'madam']);

const titleCase = (s: string): string => s.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

export function createEntityExtractor(options: EntityExtractorOptions = {}): EntityExtractor {
  const now = options.now ?? (() => new Date());
  // Longest names first so "JUMBO BAG RED RETROSPOT" wins over "JUMBO BAG".
  const products = [...new Set(options.productNames ?? [])]
    .filter((n) => n.trim().length >= 4)
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((name) => ({ name, lower: name.toLowerCase().replace(/\s+/gu, ' ').trim() }));

  return {
    extract(input: string): EntityValue[] {
      const text = typeof input === 'string' ? input.slice(0, MAX_TEXT_CHARS) : '';
      if (text.trim().length === 0) return [];
      const spans: Span[] = [];
      const claim = (type: string, start: number, end: number, value: string): void => {
        if (end <= start || spans.some((s) => start < s.end && s.start < end)) return;
        spans.push({ type, start, end, text: text.slice(start, end), value });
      };
      const at = now();

      for (const p of PATTERNS) {
        for (const m of text.matchAll(p.regex)) {
          const value = p.value(m, at);
          if (value === null || value === '') continue;
          const whole = m.index ?? 0;
          const part = p.group === undefined ? m[0] : (m[p.group] ?? m[0]);
          const start = p.group === undefined ? whole : whole + m[0].lastIndexOf(part);
          claim(p.type, start, start + part.trimEnd().length, value);
        }
      }

      if (products.length > 0) {
        const lower = text.toLowerCase();
        if (lower.length === text.length) {
          for (const { name, lower: needle } of products) {
            if (!lower.includes(needle)) continue;
            for (const m of lower.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(needle)}(?![\\p{L}\\p{N}])`, 'gu'))) {
              claim('product', m.index ?? 0, (m.index ?? 0) + needle.length, name);
            }
          }
        }
      }

      const found = compromiseFinds(text);
      for (const m of found.emails) claim('email', m.offset.start, m.offset.start + m.offset.length, m.text.toLowerCase());
      for (const m of found.phoneNumbers) {
        const digits = m.text.replace(/\D/gu, '');
        if (digits.length >= 7) claim('phone', m.offset.start, m.offset.start + m.offset.length, m.text.trim().startsWith('+') ? `+${digits}` : digits);
      }
      for (const m of found.people) {
        const name = m.text.replace(/[^\p{L}\s'-]/gu, '').trim();
        if (name.length < 2 || name.split(/\s+/u).every((w) => NOT_PEOPLE.has(w.toLowerCase()))) continue;
        const start = m.offset.start + Math.max(0, text.slice(m.offset.start).indexOf(name));
        claim('person', start, start + name.length, titleCase(name));
      }

      return spans.sort((a, b) => a.start - b.start).map(({ type, text: t, value }) => ({ type, text: t, value }));
    },
  };
}

