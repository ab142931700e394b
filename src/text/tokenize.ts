/**
 * The one tokenizer: how text is cut into words for search (src/search/text.ts) and for
 * topic matching (src/topics/normalize.ts). Both fold the same way (Unicode compatibility
 * form, accents removed, lower case: "Schölkopf" → "scholkopf") and take the same runs of
 * Unicode letters and digits as words, so a word is a word on both sides.
 *
 * It has two forms, because the two sides need different things and both are hot:
 *   'terms'    plain strings, a decimal kept whole ("gpt 3.5" → gpt, 3.5) so a version
 *              number is one search term; one regex match over the text (indexing sees
 *              millions of words, and an object per token would double its cost).
 *   'attached' each token with how it attaches to the one before: joined by a dash
 *              ("pre-training"), across a clause boundary, written in capitals. Topic
 *              phrases and acronyms need that; "3.5" is two tokens with no boundary.
 *
 * No regular expression here is ever built from user input; all are constant.
 */

const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /\P{ASCII}/u;
const DASHES = new Set([
  '-',
  '\u2010',
  '\u2011',
  '\u2012',
  '\u2013',
  '\u2014',
  '\u2015',
  '\u2212',
  '\uFE58',
  '\uFE63',
  '\uFF0D',
]);
/** Characters that end a clause: a phrase never matches across them. */
const CLAUSE_ENDS = new Set(['.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '{', '}', '|']);

/** Lower case, compatibility-normalised, accents stripped. */
export function fold(text: string): string {
  // Most abstracts are plain ASCII: skip the (comparatively slow) Unicode work for them.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return foldUnicode(text);
}

const foldUnicode = (text: string): string => text.normalize('NFKD').replace(MARKS, '').toLowerCase();

/** One token of a text, with how it attaches to the token before it. */
export interface RawToken {
  /** folded token text */
  text: string;
  /** joined to the previous token by a single dash ("pre-training") */
  hyphenated: boolean;
  /** a clause boundary (., ; : brackets …) lies between it and the previous token */
  boundary: boolean;
  /** written in capitals in the source ("AIME", "CLIP"); only known for ASCII text */
  upper: boolean;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

const isWordChar = (code: number, ch: string): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code > 127 && WORD_CHAR.test(ch));

/**
 * Splits text into folded tokens (runs of letters and digits), remembering dashes and
 * clause boundaries between them. A hand-written scan: it runs over every abstract of
 * the day, and is several times faster than matchAll plus gap slicing.
 */
function attachedTokens(text: string): RawToken[] {
  const folded = fold(text);
  // For ASCII text folding keeps every index, so the source shows which tokens were capitals.
  const source = folded.length === text.length && !NON_ASCII.test(text) ? text : undefined;
  const out: RawToken[] = [];
  const n = folded.length;
  let i = 0;
  let prevEnd = -1;
  while (i < n) {
    // skip the gap, noting what it holds
    let gapLen = 0;
    let dash = false;
    let clauseEnd = false;
    let gapChar = '';
    while (i < n) {
      const ch = folded[i]!;
      if (isWordChar(folded.charCodeAt(i), ch)) break;
      gapLen++;
      gapChar = ch;
      if (DASHES.has(ch)) dash = true;
      else if (CLAUSE_ENDS.has(ch)) clauseEnd = true;
      i++;
    }
    if (i >= n) break;
    const start = i;
    while (i < n && isWordChar(folded.charCodeAt(i), folded[i]!)) i++;
    const hyphenated = prevEnd >= 0 && gapLen === 1 && dash;
    // "3.5" and "1,000" are one number, not two clauses.
    const numeric =
      gapLen === 1 && (gapChar === '.' || gapChar === ',') && isDigit(folded[start - 2]) && isDigit(folded[start]);
    const word = folded.slice(start, i);
    const upper =
      source !== undefined && source.slice(start, i) === word.toUpperCase() && word !== source.slice(start, i);
    out.push({ text: word, hyphenated, boundary: prevEnd >= 0 && clauseEnd && !numeric, upper });
    prevEnd = i;
  }
  return out;
}

// Unicode letters and digits, with dots kept inside numbers ("3.5") but not at the ends.
const TERM = /[\p{L}\p{N}]+(?:\.[\p{N}]+)*/gu;
const ASCII_TERM = /[a-z0-9]+(?:\.[0-9]+)*/g;

function termTokens(text: string): string[] {
  if (!NON_ASCII.test(text)) return text.toLowerCase().match(ASCII_TERM) ?? [];
  return foldUnicode(text).match(TERM) ?? [];
}

export type TokenForm = 'terms' | 'attached';

/** The words of a text, folded: as plain terms (search) or attached tokens (topics). */
export function tokenize(text: string, form?: 'terms'): string[];
export function tokenize(text: string, form: 'attached'): RawToken[];
export function tokenize(text: string, form: TokenForm = 'terms'): string[] | RawToken[] {
  return form === 'attached' ? attachedTokens(text) : termTokens(text);
}
