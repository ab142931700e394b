import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Paper } from '../../src/papers/paper.js';
import { corpusOverride } from './env.js';
import { seeded } from './stats.js';

/**
 * The team corpus: 20,000 real Daily Papers in ../shared/corpus/papers.jsonl, beside the
 * repository (it exists on CI too). Rows that need it say so plainly when it is missing.
 * PAPERBOY_BENCH_CORPUS points elsewhere (and lets you check that message).
 */
export const CORPUS_PATH =
  corpusOverride ?? fileURLToPath(new URL('../../../shared/corpus/papers.jsonl', import.meta.url));

interface CorpusLine {
  id: string;
  title: string;
  summary?: string;
  authors?: string[];
  upvotes?: number;
  publishedAt?: string;
  ai_keywords?: string[];
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function corpusMissing(path = CORPUS_PATH): string | undefined {
  return existsSync(path)
    ? undefined
    : `corpus missing: ${path} does not exist (expected ../shared/corpus/papers.jsonl beside the repository)`;
}

/** Corpus lines → Paper, whitespace collapsed like src/papers/normalize does. */
export function loadCorpus(path = CORPUS_PATH): Paper[] {
  const missing = corpusMissing(path);
  if (missing) throw new Error(missing);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusLine)
    .map((c) => ({
      id: c.id,
      title: collapse(c.title),
      summary: collapse(c.summary ?? ''),
      authors: c.authors ?? [],
      upvotes: c.upvotes ?? 0,
      publishedAt: c.publishedAt ?? '1970-01-01T00:00:00.000Z',
      ...(c.ai_keywords ? { aiKeywords: c.ai_keywords } : {}),
    }));
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
