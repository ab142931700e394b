import { familyCore, splitName } from './names.js';

/**
 * Citation keys in the arXiv / Google Scholar habit: first author's family name, year,
 * first significant title word — `huang2026envharness` — lower-case ASCII, so they
 * work in every LaTeX setup. The same paper always gets the same key; within one
 * export, repeats get a, b, c… in order (huang2026envharness, huang2026envharnessa).
 */
const STOP = new Set(
  (
    'a an the of on in for to and or with without towards toward via from by at as is are be do does can ' +
    'what how why when where which who we you your our its their this that these those into over under ' +
    'through about beyond using based not no all'
  ).split(' '),
);

// Letters NFKD does not decompose into an ASCII base.
const FOLD: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/** "Müller-Łukasz" → "mullerlukasz": lower case, accents folded, only a–z and 0–9. */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøđðłþı]/g, (c) => FOLD[c]!)
    .replace(/[^a-z0-9]/g, '');
}

/** The year of an arXiv id (2607.16617 → 2026), else of the date, else "nd". */
export function citationYear(id: string, publishedAt?: string): string {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `20${m[1]}`;
  const y = publishedAt?.slice(0, 4);
  return y && /^\d{4}$/.test(y) ? y : 'nd';
}

function titleWord(title: string): string {
  const words = title
    .split(/\s+/)
    .filter((w) => !STOP.has(w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')))
    .map(asciiFold)
    .filter(Boolean);
  const first = words[0] ?? '';
  // "3D Gaussian …" → 3dgaussian: a very short first word says too little alone.
  return first.length < 3 && words[1] ? first + words[1] : first;
}

export function citationKey(paper: { id: string; title: string; authors: readonly string[]; publishedAt?: string }) {
  const first = paper.authors.find((a) => a.trim());
  const family = first ? asciiFold(familyCore(splitName(first)).split(' ')[0]!) : '';
  return `${family || 'anon'}${citationYear(paper.id, paper.publishedAt)}${titleWord(paper.title)}`;
}

/** Make keys unique in order: the first keeps its key, later ones get a, b, … z, aa, ab … */
export function uniqueKeys(keys: readonly string[]): string[] {
  const taken = new Set(keys);
  const seen = new Set<string>();
  return keys.map((key) => {
    if (!seen.has(key)) {
      seen.add(key);
      return key;
    }
    for (let n = 0; ; n++) {
      const candidate = key + suffix(n);
      if (!taken.has(candidate) && !seen.has(candidate)) {
        seen.add(candidate);
        return candidate;
      }
    }
  });
}

const suffix = (n: number): string =>
  n < 26 ? String.fromCharCode(97 + n) : suffix(Math.floor(n / 26) - 1) + String.fromCharCode(97 + (n % 26));
