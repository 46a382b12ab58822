// How a product's name reads to a customer or an agent. The retail data's descriptions are upper case ("WHITE HANGING
// HEART T-LIGHT HOLDER", "SET 3 RETROSPOT TEA,COFFEE,SUGAR"); shown as they are, every card and "because you bought …"
// shouts. This title-cases them while keeping what must stay as it is: acronyms (TV, LED, M.O.P), sizes and units
// (60cm, 125g, 40x40cm), codes such as A4 or 3D, and words already written in mixed case by a person. The one place
// product names are made readable: recommendations (names and reasons), bought-together answers and order summaries
// all go through it, and the agent console shows what the server sends.

/** Short words kept lower case inside a name, as in "Set of 6 Ribbons with Bells". */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with']);
/** Upper-case abbreviations that appear in the catalogue (and a few that plausibly will). */
const ACRONYMS = new Set(['BBQ', 'CD', 'CRUK', 'DIY', 'DVD', 'LED', 'PC', 'PVC', 'RSPB', 'TV', 'UK', 'USA', 'USB', 'WC', 'XL', 'XXL']);
/** Units written after a number ("60CM" → "60cm", "3.5G" → "3.5g"). */
const UNITS = new Set(['cm', 'mm', 'm', 'g', 'kg', 'ml', 'l', 'ltr', 'pc', 'pcs', 'oz', 'in']);

/** A number with letters glued on: a size ("60CM"), a count ("18PC") or a code ("3D"). */
function numberWithLetters(part: string): string | null {
  const glued = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(part);
  if (!glued) return null;
  const [, number, letters] = glued as unknown as [string, string, string];
  if (UNITS.has(letters.toLowerCase())) return `${number}${letters.toLowerCase()}`;
  if (letters.length <= 2) return `${number}${letters.toUpperCase()}`;
  return `${number}${capitalise(letters)}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/** One run of letters and digits between separators. */
function casePart(part: string, afterApostrophe: boolean): string {
  if (!/[A-Za-z]/.test(part)) return part;
  // Written in mixed or lower case by a person ("125g", "No", "blue"): theirs to keep — unless it is a capitalised word
  // with a slip of the shift key ("TRADITIONAl").
  const upper = (part.match(/[A-Z]/g) ?? []).length;
  const lower = (part.match(/[a-z]/g) ?? []).length;
  if (lower > 0 && (upper < 2 || lower >= upper)) return part;
  if (afterApostrophe) return part.toLowerCase(); // CHILDREN'S → Children's, 50'S → 50's
  if (lower > 0) return /\d/.test(part) ? part : capitalise(part);
  if (ACRONYMS.has(part)) return part;
  const sized = numberWithLetters(part);
  if (sized) return sized;
  if (/\d/.test(part)) return part; // codes such as A4, N0
  return capitalise(part);
}

function caseWord(word: string, first: boolean): string {
  if (/^\d+(?:\.\d+)?(?:cm|mm)?(?:x\d+(?:\.\d+)?(?:cm|mm)?)+$/i.test(word)) return word.toLowerCase(); // 40X40CM → 40x40cm
  const lower = word.toLowerCase();
  if (!first && SMALL_WORDS.has(lower) && word === word.toUpperCase()) return lower;
  const parts = word.split(/([-/+.'"(),&])/);
  return parts.map((part, i) => (i % 2 === 1 ? part : casePart(part, parts[i - 1] === "'"))).join('');
}

/** The name as a customer should read it; names not in capitals are only tidied (spaces, commas), never recased. */
export function displayProductName(raw: string): string {
  const tidy = raw
    .replace(/\s+/g, ' ')
    .replace(/,(?=\S)/g, ', ')
    .trim()
    .replace(/(?<![A-Z]\.[A-Z])\.+$/, ''); // a stray full stop at the end, not the one of "M.O.P."
  const upper = (tidy.match(/[A-Z]/g) ?? []).length;
  const lower = (tidy.match(/[a-z]/g) ?? []).length;
  if (upper <= lower) return tidy;
  return tidy
    .split(' ')
    .map((word, i) => caseWord(word, i === 0))
    .join(' ');
}
