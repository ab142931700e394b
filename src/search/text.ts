/**
 * How search text is cut into terms, shared by indexing and querying so both sides
 * agree: the shared tokenizer (src/text/tokenize.ts: lower case, accents folded, hyphens
 * split, "in-context" → in, context), the shared British → American spelling
 * (src/text/spelling.ts: "generalisation" → "generalization"), plurals made
 * singular, and the commonest
 * English function words dropped (they only add noise to BM25 and size to the index).
 */
import { americanize } from '../text/spelling.js';
import { tokenize as tokenizeText } from '../text/tokenize.js';

const STOP_WORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or that the their this to was were which with we our ' +
    'can via than these those such using based'
  ).split(' '),
);

/** The search form of the shared tokenizer: folded words, decimals kept whole. */
export const tokenize = (text: string): string[] => tokenizeText(text, 'terms');

/**
 * Tokens seen before → their term. Papers repeat a small vocabulary (about 60,000
 * distinct tokens in 4 million), so almost every call is one Map lookup instead of the
 * lower-casing, stop-word check and spelling regexes. Bounded: emptied when full, so
 * odd input (random strings in queries) cannot grow it without limit.
 */
const TERM_CACHE_LIMIT = 200_000;
const termCache = new Map<string, string | null>();

/** One token → the indexed term, or null to drop it. */
export function normalizeTerm(token: string): string | null {
  const known = termCache.get(token);
  if (known !== undefined) return known;
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  const term = analyse(token);
  termCache.set(token, term);
  return term;
}

/** `normalizeTerm` without the cache, for callers that memoise per token themselves (the bulk build). */
export function analyse(token: string): string | null {
  const term = token.toLowerCase();
  if (STOP_WORDS.has(term)) return null;
  if (term.length < 4 || /\d/.test(term)) return term;
  return singular(americanize(term));
}

/**
 * Plurals only (Harman's "S" stemmer, with -sses/-xes/-ches/-shes): "transformers" finds
 * "transformer" and "llms" finds "llm", but verb and noun forms stay apart, which is as
 * far as ranked search should guess. Topic matching (src/topics) does the finer work.
 */
function singular(term: string): string {
  if (!term.endsWith('s') || term.endsWith('ss') || term.endsWith('us') || term.endsWith('is')) return term;
  if (term.endsWith('ies') && !term.endsWith('eies') && !term.endsWith('aies')) return `${term.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(term)) return term.slice(0, -2);
  if (term.endsWith('es') && !/[aeo]es$/.test(term)) return term.slice(0, -1);
  return term.slice(0, -1);
}
