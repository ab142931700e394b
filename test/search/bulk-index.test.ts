import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MiniSearch, { type Options } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadBulk } from '../../src/search/bulk-index.js';
import { normalizeTerm, tokenize } from '../../src/search/text.js';

interface Doc {
  id: string;
  title: string;
  keywords: string;
  abstract: string;
}

/** 149 real papers from the shared corpus (the same fixture as the index tests). */
const docs: Doc[] = readFileSync(fileURLToPath(new URL('./fixtures/papers.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; title: string; summary: string; ai_keywords?: string[] })
  .map((c) => ({ id: c.id, title: c.title, keywords: (c.ai_keywords ?? []).join(' · '), abstract: c.summary }));

const FIELDS = ['title', 'keywords', 'abstract'];
// A field-dependent processTerm, like the real one: some words dropped in abstracts only.
const processTerm = (token: string, field?: string): string | null => {
  const term = normalizeTerm(token);
  return term === null || (field === 'abstract' && (term === 'model' || term === 'diffusion')) ? null : term;
};
const options: Options<Doc> = {
  fields: FIELDS,
  idField: 'id',
  tokenize,
  processTerm,
  searchOptions: { tokenize, processTerm: normalizeTerm },
};

describe('loadBulk', () => {
  const oneByOne = new MiniSearch<Doc>(options);
  oneByOne.addAll(docs);
  const bulk = loadBulk(docs, { processTerm }, options);

  it('builds the index add() builds: same documents, terms and scores', () => {
    expect(bulk.documentCount).toBe(oneByOne.documentCount);
    expect(bulk.termCount).toBe(oneByOne.termCount);
    const queries = [
      'grokking',
      'video diffusion',
      'generalization',
      'mixture of experts',
      'model',
      'language model reasoning',
      'difusion',
    ];
    for (const q of queries) {
      expect(oneByOne.search(q, { fuzzy: 0.2 }).length).toBeGreaterThan(0);
      for (const settings of [{}, { boost: { title: 3, keywords: 2 }, combineWith: 'AND' as const }, { fuzzy: 0.2 }]) {
        expect(bulk.search(q, settings)).toEqual(oneByOne.search(q, settings));
      }
    }
  });

  it('stays a normal index afterwards: add, replace and discard work on it', () => {
    const index = loadBulk(docs.slice(0, 20), { processTerm }, options);
    index.add({ id: 'new', title: 'Grokking revisited', keywords: '', abstract: 'Late generalization.' });
    index.replace({ ...docs[0]!, title: 'Speculative decoding' });
    index.discard(docs[1]!.id);
    expect(index.documentCount).toBe(20);
    expect(index.search('grokking revisited', { combineWith: 'AND' }).map((r) => r.id)).toEqual(['new']);
    expect(index.search('speculative decoding', { combineWith: 'AND' }).map((r) => r.id)).toContain(docs[0]!.id);
    expect(index.search(docs[1]!.title).map((r) => r.id)).not.toContain(docs[1]!.id);
  });

  it('builds an empty index from no documents', () => {
    expect(loadBulk([], { processTerm }, options).documentCount).toBe(0);
  });
});
