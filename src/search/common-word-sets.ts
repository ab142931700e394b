import { COMMON_ABSTRACT_WORDS } from './common-words.js';
import { normalizeTerm, tokenize } from './text.js';

/**
 * Which of the common words (common-words.ts) a paper has in its title or AI keywords,
 * and in its abstract, as small bit sets.
 *
 * Why: the abstract index leaves common words out, so a query like "video diffusion
 * transformer" finds candidates by its rarer words and then asks, per candidate,
 * whether the common ones are in the title or the abstract. Re-tokenising each
 * candidate's text for that was a quarter of query time; a bit test is nothing. About
 * 250 common words make 9 numbers per set (30 bits each, so V8 keeps them as small
 * integers): some 3 MB for 20,000 papers.
 */
const BIT_OF = new Map<string, number>([...COMMON_ABSTRACT_WORDS].map((word, i) => [word, i]));
const WORDS = Math.ceil(BIT_OF.size / 30);

export interface CommonWordSets {
  /** Common words in the title or the AI keywords */
  title: number[];
  abstract: number[];
}

/** The bit of a common word, or -1 for any other term. */
export const commonWordBit = (term: string | null): number => (term === null ? -1 : (BIT_OF.get(term) ?? -1));

export const emptyCommonWordSets = (): CommonWordSets => ({ title: new Array<number>(WORDS).fill(0), abstract: new Array<number>(WORDS).fill(0) });

export function addCommonWord(set: number[], bit: number): void {
  set[(bit / 30) | 0]! |= 1 << bit % 30;
}

/** Whether `set` has every one of `bits`. */
export const hasEveryWord = (set: readonly number[], bits: readonly number[]): boolean =>
  bits.every((bit) => (set[(bit / 30) | 0]! & (1 << bit % 30)) !== 0);

/** The sets of one paper's texts (for papers added one by one; the bulk build fills them as it scans). */
export function commonWordSetsOf(titleAndKeywords: string, abstract: string): CommonWordSets {
  const sets = emptyCommonWordSets();
  for (const [text, set] of [[titleAndKeywords, sets.title], [abstract, sets.abstract]] as const) {
    for (const token of tokenize(text)) {
      const bit = commonWordBit(normalizeTerm(token));
      if (bit >= 0) addCommonWord(set, bit);
    }
  }
  return sets;
}
