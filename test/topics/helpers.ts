import { readFileSync } from 'node:fs';
import { corpusLines } from '../corpus.js';
import type { Paper } from '../../src/papers/paper.js';

/** A corpus line as stored in papers.jsonl (and in fixtures/corpus-sample.jsonl). */
interface CorpusLine {
  id: string;
  title: string;
  summary: string;
  authors: string[];
  publishedAt: string;
  upvotes: number;
  selectedFor?: string;
}

/** Corpus lines → Paper, collapsing arXiv line breaks the way src/papers does. */
function toPaper(line: CorpusLine): Paper {
  const collapse = (s: string): string => s.replace(/\s+/gu, ' ').trim();
  return {
    id: line.id,
    title: collapse(line.title),
    summary: collapse(line.summary),
    authors: line.authors,
    upvotes: line.upvotes,
    publishedAt: line.publishedAt,
  };
}

function readJsonl(url: URL): CorpusLine[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusLine);
}

/** The committed sample: real corpus papers, with the reason each was selected. */
export function samplePapers(): { paper: Paper; selectedFor: string }[] {
  return readJsonl(new URL('./fixtures/corpus-sample.jsonl', import.meta.url)).map((l) => ({
    paper: toPaper(l),
    selectedFor: l.selectedFor ?? '',
  }));
}

export function sampleById(id: string): Paper {
  const hit = samplePapers().find((s) => s.paper.id === id);
  if (!hit) throw new Error(`fixture paper ${id} is missing from corpus-sample.jsonl`);
  return hit.paper;
}

/**
 * The 20,000-paper corpus committed in the repository (test/fixtures/corpus), streamed
 * one paper at a time, so each (and its cached match view) can be collected after use.
 */
export async function* corpusPapers(): AsyncGenerator<Paper> {
  for await (const line of corpusLines()) yield toPaper(line as CorpusLine);
}

/** A paper with only the fields a test cares about. */
export function paper(fields: Partial<Paper>): Paper {
  return {
    id: '2601.00001',
    title: '',
    summary: '',
    authors: [],
    upvotes: 0,
    publishedAt: '2026-01-01T00:00:00Z',
    ...fields,
  };
}
