// Turns a raw chat message into the word tokens the lexical classifiers see. Order ids, e-mails, phone numbers,
// money and other numbers become placeholder words, so "536365" never looks like evidence for one intent and
// "order 536365" and "order 548213" read the same. Never throws: empty, emoji-only and non-Latin text are fine.
import { createRequire } from 'node:module';

/** Placeholder words; letters only so they survive punctuation stripping, and never stemmed. */
export const PLACEHOLDER = {
  url: 'xurl',
  email: 'xemail',
  money: 'xmoney',
  phone: 'xphone',
  orderId: 'xorderid',
  number: 'xnumber',
} as const;

const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set(Object.values(PLACEHOLDER));

/** Longest message the NLU looks at; anything after it is ignored (chat messages are short, bodies may not be). */
export const MAX_TEXT_CHARS = 2000;

// A few emoji carry the whole message ("👋", "🙏"); the rest are dropped with the punctuation.
const EMOJI_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/👋/gu, ' hello '],
  [/🙏/gu, ' thanks '],
  [/👍/gu, ' ok '],
  [/[😡🤬😠]/gu, ' angry '],
];

const URL = /\b(?:https?:\/\/|www\.)\S+/gu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const MONEY =
  /[£$€]\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:£|€|pounds?\b|quid\b|euros?\b|dollars?\b|bucks\b|gbp\b|usd\b|eur\b)|\b(?:gbp|usd|eur)\s?\d[\d,]*(?:\.\d{1,2})?/gu;
// Phone numbers start with +, 0 or "(" and have 9–15 digits, possibly spaced or dashed.
const PHONE = /(?:\+|\(|\b0)[\d\s().-]{7,}\d/gu;
const ORDER_ID = /#\s?c?\d{5,7}\b|\bc\d{6}\b|\b\d{5,7}\b/gu;
const NUMBER = /\d+(?:[.,]\d+)*/gu;
const APOSTROPHE = /['’‘`´]/gu;
const NOT_WORD = /[^\p{L}\p{N}\s]+/gu;
const REPEATED = /(\p{L})\1{2,}/gu;

function digitCount(s: string): number {
  return s.replace(/\D/gu, '').length;
}

/** Lower-cased, NFKC-normalised text with placeholders for ids and amounts and no punctuation. */
export function normaliseText(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let s = text.slice(0, MAX_TEXT_CHARS).normalize('NFKC').toLowerCase();
  for (const [emoji, word] of EMOJI_WORDS) s = s.replace(emoji, word);
  s = s
    .replace(URL, ` ${PLACEHOLDER.url} `)
    .replace(EMAIL, ` ${PLACEHOLDER.email} `)
    .replace(MONEY, ` ${PLACEHOLDER.money} `)
    .replace(PHONE, (m) => {
      const digits = digitCount(m);
      return digits >= 9 && digits <= 15 ? ` ${PLACEHOLDER.phone} ` : m;
    })
    .replace(ORDER_ID, ` ${PLACEHOLDER.orderId} `)
    .replace(NUMBER, ` ${PLACEHOLDER.number} `)
    .replace(APOSTROPHE, '')
    .replace(NOT_WORD, ' ')
    // "hellooo" / "pleeease" → "hello" / "please": stretched letters are emphasis, not a new word.
    .replace(REPEATED, '$1');
  return s.replace(/\s+/gu, ' ').trim();
}

/** Splits normalised text into tokens (whitespace; the normaliser has already removed punctuation). */
export function tokenize(normalised: string): string[] {
  return normalised.split(' ').filter((t) => t.length > 0);
}

/** normaliseText + tokenize. */
export function textTokens(text: string): string[] {
  return tokenize(normaliseText(text));
}

export function isPlaceholder(token: string): boolean {
  return PLACEHOLDER_WORDS.has(token);
}

// natural's Porter stemmer, loaded on its own: importing all of natural costs ~1 s at start-up, this file ~10 ms.
const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

/** English Porter stem of a token; placeholders, digits and non-Latin words are returned unchanged. */
export function stemToken(token: string): string {
  if (isPlaceholder(token) || !/^[a-z]+$/u.test(token)) return token;
  return porter.stem(token);
}
