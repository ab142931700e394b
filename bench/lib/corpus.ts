import { existsSync } from 'node:fs';
import type { Paper } from '../../src/papers/paper.js';
import { corpusOverride } from './env.js';
import { CORPUS_FILE, corpusLines } from '../../test/corpus.js';
import { seeded } from './stats.js';
import { collapseWhitespace } from '../../src/text/whitespace.js';

/**
 * The team corpus: 20,000 real Daily Papers, committed gzipped in the repository
 * (test/fixtures/corpus/papers.jsonl.gz; see test/corpus.ts). PAPERBOY_BENCH_CORPUS
 * points elsewhere, at a plain or gzipped .jsonl (and lets you check the "missing"
 * message). Rows that need it say so plainly when it is missing.
 */
export const CORPUS_PATH = corpusOverride ?? CORPUS_FILE;

export function corpusMissing(path = CORPUS_PATH): string | undefined {
  return existsSync(path)
    ? undefined
    : `corpus missing: ${path} does not exist (the repository has it at test/fixtures/corpus/papers.jsonl.gz)`;
}

/** Corpus lines → Paper, whitespace collapsed like src/papers/normalize does; read as a stream. */
export async function loadCorpus(path = CORPUS_PATH): Promise<Paper[]> {
  const missing = corpusMissing(path);
  if (missing) throw new Error(missing);
  const papers: Paper[] = [];
  for await (const c of corpusLines(path)) {
    papers.push({
      id: c.id,
      title: collapseWhitespace(c.title),
      summary: collapseWhitespace(c.summary ?? ''),
      authors: c.authors ?? [],
      upvotes: c.upvotes ?? 0,
      publishedAt: c.publishedAt ?? '1970-01-01T00:00:00.000Z',
      ...(c.ai_keywords ? { aiKeywords: c.ai_keywords } : {}),
    });
  }
  return papers;
}

/**
 * Search queries as people type them: one to three words from a random corpus title
 * (seeded, so every run and both search benches ask the same ones), some cut short or
 * with a typo in the last word.
 */
export function corpusQueries(papers: readonly Paper[], count: number, seed = 7): string[] {
  const random = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const makeQuery = (): string => {
    const words = pick(papers)
      .title.toLowerCase()
      .match(/[a-z]{4,}/g) ?? ['model'];
    const n = 1 + Math.floor(random() * 3);
    const start = Math.floor(random() * Math.max(1, words.length - n));
    const chosen = words.slice(start, start + n);
    const last = chosen.length - 1;
    const roll = random();
    if (roll < 0.15 && chosen[last]!.length > 6)
      chosen[last] = chosen[last]!.slice(0, -2); // cut short
    else if (roll < 0.3 && chosen[last]!.length > 6) chosen[last] = chosen[last]!.replace(/[aeiou]/, 'x'); // typo
    return chosen.join(' ');
  };
  return Array.from({ length: count }, makeQuery);
}

/**
 * `count` papers: the corpus itself, and beyond it papers recombined from real ones
 * (seeded, so every run and every index gets the same): the first half of one title's
 * words with the second half of another's, the first half of one abstract's sentences with
 * the second half of another's, a third paper's authors. Real vocabulary and lengths,
 * new combinations, distinct ids.
 */
export function synthesisePapers(corpus: readonly Paper[], count: number, seed = 15): Paper[] {
  if (count <= corpus.length) return corpus.slice(0, count);
  const random = seeded(seed);
  const pick = (): Paper => corpus[Math.floor(random() * corpus.length)]!;
  const halves = <T>(xs: T[], first: boolean): T[] => {
    const mid = Math.ceil(xs.length / 2);
    return first ? xs.slice(0, mid) : xs.slice(mid);
  };
  const papers = corpus.slice();
  for (let k = 0; papers.length < count; k++) {
    const [a, b, c] = [pick(), pick(), pick()];
    const sentences = (p: Paper) => p.summary.split(/(?<=\.)\s+/);
    papers.push({
      id: `9${String(Math.floor(k / 100_000)).padStart(3, '0')}.${String(k % 100_000).padStart(5, '0')}`,
      title: [...halves(a.title.split(' '), true), ...halves(b.title.split(' '), false)].join(' '),
      summary: [...halves(sentences(a), true), ...halves(sentences(b), false)].join(' '),
      authors: c.authors,
      upvotes: b.upvotes,
      publishedAt: a.publishedAt,
    });
  }
  return papers;
}
