// The two analysers of the lexical model: word n-grams over normalised tokens and character n-grams inside word
// boundaries (scikit-learn's "char_wb": each word padded with one space either side). Character n-grams are what
// makes "refund"/"refunded"/"refnud" share evidence without a stemmer or a spelling corrector.
import { textTokens } from '../text-normalise.js';

export interface NgramRange {
  min: number;
  max: number;
}

function checkRange(range: NgramRange): void {
  if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || range.min < 1 || range.max < range.min) {
    throw new RangeError(`bad n-gram range ${range.min}..${range.max}`);
  }
}

/** Word n-grams (joined by one space) of the tokens, every order in the range, in text order. */
export function wordNgrams(tokens: readonly string[], range: NgramRange): string[] {
  checkRange(range);
  const out: string[] = [];
  for (let n = range.min; n <= range.max; n++) {
    for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '));
  }
  return out;
}

/**
 * Character n-grams of each token padded as " token ". A padded token shorter than n contributes nothing for that
 * order (it already appeared whole at a lower order), unlike scikit-learn, which repeats it.
 */
export function charNgrams(tokens: readonly string[], range: NgramRange): string[] {
  checkRange(range);
  const out: string[] = [];
  for (const token of tokens) {
    const padded = ` ${token} `;
    for (let n = range.min; n <= range.max; n++) {
      for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
    }
  }
  return out;
}

/**
 * Ordered word pairs with 1 to window − 1 words between them ("card ~ arrived"), so "card has not arrived" and
 * "card still hasn't arrived" share evidence that bigrams miss. Window 0 or 1 gives none.
 */
export function skipPairs(tokens: readonly string[], window: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let d = 2; d <= window && i + d < tokens.length; d++) out.push(`${tokens[i]!} ~ ${tokens[i + d]!}`);
  }
  return out;
}

/** Tokens of a raw message as the lexical model sees them (the shared normaliser: lower case, placeholders). */
export function lexicalTokens(text: string): string[] {
  return textTokens(text);
}
