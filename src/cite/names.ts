import { collapseWhitespace } from '../text/whitespace.js';

/**
 * Hugging Face gives author names as display text ("Zhen Hao Wong", "Ludwig van
 * Beethoven", "Qwen Team"). Citation formats want the family name apart from the given
 * names, so this is the one place that guesses the split, shared by BibTeX and RIS:
 * the family name is the last word plus any lowercase particles before it (van, der,
 * de, …), a trailing Jr./Sr./II… is a suffix, and anything that does not look like a
 * person (a team, a lab, a name with a comma or digits) is kept whole as a literal.
 */
export interface SplitName {
  /** Family name with its particles: "van der Berg" */
  family: string;
  given?: string;
  suffix?: string;
  /** Not a person's name (or not safely splittable): cite it exactly as written */
  literal?: boolean;
}

const PARTICLES = new Set(
  'van von der den de del della dei degli di da das dos du la le lo ten ter bin ibn al el zu af av'.split(' '),
);
const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;
const ORGANISATION =
  /\b(?:team|group|lab|labs|laboratory|collaboration|consortium|committee|project|inc\.?|ltd\.?|corp\.?|corporation|institute|university|foundation|ai)$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

export const cleanText = (text: string): string => collapseWhitespace(text.replace(CONTROL, ' '));

export function splitName(raw: string): SplitName {
  const name = cleanText(raw);
  if (name.includes(',') || /\d/.test(name) || ORGANISATION.test(name) || /^team\b/i.test(name))
    return { family: name, literal: true };
  const words = name.split(' ');
  if (words.length === 1) return { family: name };
  let suffix: string | undefined;
  if (words.length >= 3 && SUFFIX.test(words.at(-1)!)) suffix = words.pop();
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  const out: SplitName = { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
  if (suffix) out.suffix = suffix;
  return out;
}

/** The family name without its particles ("van der Berg" → "Berg"), for citation keys. */
export const familyCore = (n: SplitName): string => (n.literal ? n.family : n.family.split(' ').at(-1)!);
