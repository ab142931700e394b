import { COMMON_ABSTRACT_WORDS } from './common-abstract-words.js';
import { normalizeTerm, tokenize } from './text.js';

/**
 * Which of the common words (common-abstract-words.ts) a paper has in its title or AI keywords,
 * and in its abstract, as small bit sets.
 *
 * Why: the abstract index leaves common words out, so a query like "video diffusion
 * transformer" finds candidates by its rarer words and then asks, per candidate,
 * whether the common ones are in the title or the abstract. Re-tokenising each
 * candidate's text for that was a quarter of query time; a bit test is nothing. About
 * 250 common words make 9 numbers per set (30 bits each, so V8 keeps them as small
 * integers); both sets of a paper share one array: about 2 MB for 20,000 papers.
 */
const BIT_OF = new Map<string, number>([...COMMON_ABSTRACT_WORDS].map((word, i) => [word, i]));
const WORDS = Math.ceil(BIT_OF.size / 30);

/** One paper's two sets: the title and AI keywords in `[0, WORDS)`, the abstract after. */
export type CommonWordSets = number[];
export type CommonWordPlace = 'title' | 'abstract';
const OFFSET: Record<CommonWordPlace, number> = { title: 0, abstract: WORDS };

/** The bit of a common word, or -1 for any other term. */
export const commonWordBit = (term: string | null): number => (term === null ? -1 : (BIT_OF.get(term) ?? -1));

export const emptyCommonWordSets = (): CommonWordSets => new Array<number>(2 * WORDS).fill(0);

export function addCommonWord(sets: CommonWordSets, place: CommonWordPlace, bit: number): void {
  sets[OFFSET[place] + ((bit / 30) | 0)]! |= 1 << (bit % 30);
}

/** Whether the `place` set has every one of `bits`. */
export function hasEveryWord(sets: CommonWordSets, place: CommonWordPlace, bits: readonly number[]): boolean {
  const offset = OFFSET[place];
  return bits.every((bit) => (sets[offset + ((bit / 30) | 0)]! & (1 << (bit % 30))) !== 0);
}

/** The sets of one paper's texts (for papers added one by one; the bulk build fills them as it scans). */
export function commonWordSetsOf(titleAndKeywords: string, abstract: string): CommonWordSets {
  const sets = emptyCommonWordSets();
  for (const [text, place] of [
    [titleAndKeywords, 'title'],
    [abstract, 'abstract'],
  ] as const) {
    for (const token of tokenize(text)) {
      const bit = commonWordBit(normalizeTerm(token));
      if (bit >= 0) addCommonWord(sets, place, bit);
    }
  }
  return sets;
}
