/**
 * Text → comparable tokens for topics: the shared tokenizer (src/text/tokenize.ts) in
 * its attached form, then a conservative stemmer (see `stem`), so topics and papers
 * always agree.
 *
 *   fold:     Unicode compatibility form, accents removed, lower case ("Schölkopf" → "scholkopf")
 *   tokenise: runs of letters/digits; every dash (-, ‐, –, —, −) and space separates tokens,
 *             so "in-context" = "in context" = "in‐context"; a hyphenated pair also yields
 *             its joined form ("pre-training" also gives "pretraining")
 *   stem:     British → American spelling (src/text/spelling.ts), then the stemmer below
 *
 * No regular expression here is ever built from user input.
 */
import { americanize } from '../text/spelling.js';
import { fold, tokenize as tokenizeText, type RawToken } from '../text/tokenize.js';

export { fold, type RawToken };

/** Folded tokens with how each attaches to the one before (dash, clause boundary, capitals). */
export const tokenize = (text: string): RawToken[] => tokenizeText(text, 'attached');

// ---------------------------------------------------------------------------------
// The stemmer.
//
// Goal: conflate the inflections and the *same-meaning* derivations of one lemma, and
// nothing else. Porter's full algorithm is too eager for topic alerts: it strips -al,
// -ize and -ate down to short roots, so "general", "generalization", "generation" and
// "generative" all become "gener". Here only Porter's inflection steps (1a, 1b, 5) are
// kept, plus a few derivational families whose members share a meaning:
//   -ize ~ -ization ~ -izable ~ -izability ~ -izer   generalize … generalizability
//   -able ~ -ability, -ible ~ -ibility, -ive ~ -ivity scalable/scalability
//   verb ~ -tion/-sion ~ -tor/-sor (root ≥ 5 letters) generate/generation/generator,
//                                                    predict/prediction/predictor
// Deliberately NOT conflated, because the meaning moves: -al (general ≠ generalize),
// -ist (generalist), -ive vs -ion (generative ≠ generation, comprehensive ≠
// comprehension), -ness, -ment, -ity (generality), -ly, -er (transformer ≠ transform),
// -ation vs a bare verb not ending in -ate (segment ≠ segmentation).
// ---------------------------------------------------------------------------------

const isVowelAt = (w: string, i: number): boolean => {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return true;
  return c === 'y' && i > 0 && !isVowelAt(w, i - 1);
};

/** Porter's measure: the number of vowel→consonant transitions. */
function measure(w: string): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < w.length; i++) {
    const v = isVowelAt(w, i);
    if (prevVowel && !v) m++;
    prevVowel = v;
  }
  return m;
}

const hasVowel = (w: string): boolean => {
  for (let i = 0; i < w.length; i++) if (isVowelAt(w, i)) return true;
  return false;
};

/** consonant-vowel-consonant ending, the last not w, x or y ("hop", "scal"). */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  const last = w[n - 1];
  return (
    !isVowelAt(w, n - 1) && isVowelAt(w, n - 2) && !isVowelAt(w, n - 3) && last !== 'w' && last !== 'x' && last !== 'y'
  );
}

/** Words whose final -s, -ed or -ing is part of the lemma. */
const KEEP_WHOLE = new Set([
  'news',
  'bias',
  'atlas',
  'canvas',
  'alias',
  'whereas',
  'pancreas',
  'gas',
  'lens',
  'embed',
  'imbed',
  'shred',
  'hundred',
  'naked',
  'wicked',
  'sacred',
  'kindred',
  'rugged',
  'ragged',
  'jagged',
  'ceiling',
  'morning',
  'evening',
  'wedding',
  'sibling',
  'darling',
  'pudding',
  'during',
  'string',
  'thing',
  // -ing nouns that name their own concept in ML text: "reasoning" is not "for this reason",
  // "grounding" not "ground truth", "scaling" (laws) not "large-scale", "sampling" not "samples".
  'reasoning',
  'grounding',
  'scaling',
  'sampling',
  'meaning',
  'setting',
  'timing',
  'lighting',
  'rating',
  'spacing',
  'wording',
  // -ics fields are not plurals of the adjective: semantics ≠ semantic, dynamics ≠ dynamic.
  'semantics',
  'dynamics',
  'physics',
  'mathematics',
  'kinematics',
  'linguistics',
  'ethics',
  'optics',
  'economics',
  'politics',
  'graphics',
  'acoustics',
  'electronics',
  'informatics',
  'pragmatics',
  'genomics',
  'proteomics',
  'metabolomics',
  'logistics',
]);

/**
 * -tion/-sion/-tor words whose bare root is a different word in ML abstracts: direction ≠
 * direct, projection ≠ project, diffusion ≠ diffuse, precision ≠ precise, processor ≠ process.
 * Found by grouping the 54k-word vocabulary of the 20k-paper corpus by stem and reading it.
 */
const KEEP_ION = new Set([
  'question',
  'mention',
  'convention',
  'reaction',
  'direction',
  'director',
  'projection',
  'projector',
  'correction',
  'abstraction',
  'distinction',
  'exception',
  'completion',
  'production',
  'affection',
  'precision',
  'diffusion',
  'succession',
  'successor',
  'processor',
  'procession',
  'accelerator',
  'definition',
  'objection',
  'subjection',
  'perfection',
  'progression',
  'diversion',
  'position',
  'composition',
  'contraction',
  'contractor',
  'formation',
]);

/** Porter 1a + 1b: plural and -ed/-ing, restoring a lost e or undoubling a consonant. */
function stripInflection(w: string): string {
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('eses')) w = w.slice(0, -4) + 'esis';
  else if (/(?:ch|sh|x|zz)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (KEEP_WHOLE.has(w)) return w; // "embeds" → "embed", not "emb"

  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
    return w;
  }
  if (w.endsWith('ied') && w.length > 4) return w.slice(0, -3) + 'y';
  let cut: string | undefined;
  if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) cut = w.slice(0, -2);
  else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) cut = w.slice(0, -3);
  if (cut === undefined || cut.length < 2) return w;
  if (cut.endsWith('at') || cut.endsWith('bl') || cut.endsWith('iz')) return cut + 'e';
  const n = cut.length;
  const last = cut[n - 1];
  if (last === cut[n - 2] && !isVowelAt(cut, n - 1) && last !== 'l' && last !== 's' && last !== 'z')
    return cut.slice(0, -1);
  if (measure(cut) === 1 && endsCvc(cut)) return cut + 'e';
  return cut;
}

/** The same-meaning derivational families (see the block comment above). */
function conflateDerivation(w: string): string {
  for (const [ending, base] of [
    ['ization', 'ize'],
    ['izability', 'ize'],
    ['izable', 'ize'],
    ['izer', 'ize'],
    ['yzer', 'yze'],
  ] as const) {
    if (w.endsWith(ending) && w.length - ending.length >= 3) return w.slice(0, -ending.length) + base;
  }
  if (w.endsWith('ability')) return w.slice(0, -7) + 'able';
  if (w.endsWith('ibility')) return w.slice(0, -7) + 'ible';
  if (w.endsWith('ivity')) return w.slice(0, -5) + 'ive';
  if (KEEP_ION.has(w)) return w;
  // generation → generat(e), prediction → predict, compression → compress.
  if ((w.endsWith('tion') || w.endsWith('sion')) && w.length - 3 >= 5) return w.slice(0, -3);
  if ((w.endsWith('tor') || w.endsWith('sor')) && w.length - 2 >= 5) return w.slice(0, -2);
  return w;
}

/** Porter 5a/5b: a final e (when the rest is long enough) and a final double l. */
function tidyEnding(w: string): string {
  if (w.endsWith('e')) {
    const rest = w.slice(0, -1);
    const m = measure(rest);
    if (m > 1 || (m === 1 && !endsCvc(rest))) w = rest;
  }
  if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);
  return w;
}

/**
 * The comparison key of a token in context: a 4–5 letter word written in capitals is an
 * acronym and kept exact ("AIME" ≠ "aims", "MATH" stays "math"); anything else is stemmed.
 * Shorter tokens are exact anyway (see `stem`); longer capitals are words in a shouted title.
 */
export function keyOf(token: RawToken): string {
  return token.upper && token.text.length >= 4 && token.text.length <= 5 ? token.text : stem(token.text);
}

const PLAIN_WORD = /^[a-z]+$/;
const memo = new Map<string, string>();
const MEMO_LIMIT = 200_000;

/**
 * The comparison key of one folded token. Tokens with digits or non-Latin letters,
 * and tokens of three letters or fewer (ICL, RL, LLM, GAN) are kept as they are,
 * except that a plural acronym loses its s ("llms" → "llm").
 */
export function stem(token: string): string {
  const hit = memo.get(token);
  if (hit !== undefined) return hit;
  const out = computeStem(token);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(token, out);
  return out;
}

function computeStem(token: string): string {
  if (!PLAIN_WORD.test(token) || token.length <= 3) return token;
  if (KEEP_WHOLE.has(token)) return token;
  const american = americanize(token);
  // Acronym plurals: four letters, no vowel before the s ("llms", "vlms", "gpts").
  if (american.length === 4 && american.endsWith('s') && !hasVowel(american.slice(0, 3))) return american.slice(0, 3);
  let w = stripInflection(american);
  if (KEEP_WHOLE.has(w)) return w;
  w = conflateDerivation(w);
  return tidyEnding(w);
}
