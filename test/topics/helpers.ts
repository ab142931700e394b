import { existsSync, readFileSync } from 'node:fs';
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

/** The team corpus beside the clone (../shared/corpus), when present. */
export const corpusUrl = new URL('../../../shared/corpus/papers.jsonl', import.meta.url);
export const corpusPresent = existsSync(corpusUrl);
/** Corpus papers one at a time, so each (and its cached match view) can be collected after use. */
export function* corpusPapers(): Generator<Paper> {
  for (const line of readFileSync(corpusUrl, 'utf8').split('\n')) {
    if (line.trim()) yield toPaper(JSON.parse(line) as CorpusLine);
  }
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
