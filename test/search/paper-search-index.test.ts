import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import type { Fetched, PaperSource } from '../../src/papers/source.js';
import { indexFetchedPapers, PaperSearchIndex, warmSearchIndex } from '../../src/search/index.js';
import { normalizeTerm, tokenize } from '../../src/search/text.js';

/** 149 real papers from the shared corpus (grokking, generalization, video diffusion, MoE, …). */
const corpus: Paper[] = readFileSync(fileURLToPath(new URL('./fixtures/papers.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map(
    (l) =>
      JSON.parse(l) as {
        id: string;
        title: string;
        summary: string;
        authors?: string[];
        upvotes?: number;
        publishedAt: string;
      },
  )
  .map((c) => ({
    id: c.id,
    title: c.title.replace(/\s+/g, ' ').trim(),
    summary: c.summary.replace(/\s+/g, ' ').trim(),
    authors: c.authors ?? [],
    upvotes: c.upvotes ?? 0,
    publishedAt: c.publishedAt,
  }));

const paper = (id: string, fields: Partial<Paper>): Paper => ({
  id,
  title: `Untitled ${id}`,
  summary: 'We study something unrelated to the query at hand.',
  authors: ['A. Author'],
  upvotes: 0,
  publishedAt: '2026-11-20T00:00:00.000Z',
  ...fields,
});

const ids = (papers: Paper[]): string[] => papers.map((p) => p.id);
const words = (text: string): Set<string | null> => new Set(tokenize(text).map(normalizeTerm));
const mentions = (p: Paper, word: string): boolean => words(`${p.title} ${p.summary}`).has(normalizeTerm(word)!);

describe('PaperSearchIndex on real papers', () => {
  const index = new PaperSearchIndex();
  index.addPapers(corpus);

  it('indexes every fixture paper once', () => {
    expect(index.size).toBe(new Set(corpus.map((p) => p.id)).size);
  });

  it('ranks papers with the word in the title first', () => {
    const hits = index.search('grokking', { limit: 20 });
    const withTitle = corpus.filter((p) => /grokking/i.test(p.title));
    expect(withTitle.length).toBeGreaterThanOrEqual(2);
    expect(hits.length).toBeGreaterThan(withTitle.length); // abstract-only mentions follow
    expect(ids(hits.slice(0, withTitle.length)).sort()).toEqual(ids(withTitle).sort());
    expect(hits.every((p) => mentions(p, 'grokking'))).toBe(true);
  });

  it('puts papers with all the words before papers with some of them', () => {
    const hits = index.search('video diffusion', { limit: 40 });
    const both = (p: Paper) => mentions(p, 'video') && mentions(p, 'diffusion');
    const firstPartial = hits.findIndex((p) => !both(p));
    expect(firstPartial).toBeGreaterThan(3);
    expect(hits.slice(firstPartial).every((p) => !both(p))).toBe(true);
  });

  it('matches British spellings and plurals both ways', () => {
    const british = corpus.filter((p) => /generalisation/i.test(p.summary));
    expect(british.length).toBeGreaterThan(0);
    const hits = ids(index.search('generalization', { limit: 100 }));
    for (const p of british) expect(hits).toContain(p.id);
    expect(ids(index.search('generalisation', { limit: 100 }))).toEqual(hits);
    expect(ids(index.search('transformers', { limit: 10 }))).toEqual(ids(index.search('transformer', { limit: 10 })));
  });

  it('never returns duplicates and respects the limit', () => {
    for (const q of ['language model', 'mixture of experts', 'speculative decoding', 'generation']) {
      const hits = index.search(q, { limit: 7 });
      expect(hits.length).toBeLessThanOrEqual(7);
      expect(new Set(ids(hits)).size).toBe(hits.length);
    }
    expect(index.search('model', { limit: 1000 }).length).toBeLessThanOrEqual(100);
  });

  it('answers nothing for an empty or stop-word-only query', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('the of and')).toEqual([]);
    expect(index.search('qwzxv')).toEqual([]);
  });
});

describe('PaperSearchIndex scoring rules', () => {
  it('weighs title over AI keywords over abstract', () => {
    const index = new PaperSearchIndex();
    index.addPapers([
      paper('abstract', { summary: 'A study that uses grokking once, among many other things we also examine.' }),
      paper('keywords', { aiKeywords: ['grokking', 'training dynamics'] }),
      paper('title', { title: 'Grokking explained' }),
    ]);
    expect(ids(index.search('grokking'))).toEqual(['title', 'keywords', 'abstract']);
  });

  it('forgives a typo in an unknown word, but never stretches a real word into another', () => {
    const index = new PaperSearchIndex();
    index.addPapers([
      paper('diff', { title: 'Diffusion models for video' }),
      paper('gen', { title: 'Text generation at scale' }),
      paper('genz', { title: 'Generalization in deep networks' }),
    ]);
    index.addPapers([
      paper('plan', { title: 'Planning with language agents' }),
      paper('plant', { title: 'Planting trees' }),
    ]);
    expect(ids(index.search('difusion'))).toEqual(['diff']);
    // One edit apart, both real words: neither query finds the other paper.
    expect(ids(index.search('planning'))).toEqual(['plan']);
    expect(ids(index.search('planting'))).toEqual(['plant']);
    expect(ids(index.search('generation'))).toEqual(['gen']);
    expect(ids(index.search('generalization'))).toEqual(['genz']);
  });

  it('does not prefix-match a short word into longer ones', () => {
    const index = new PaperSearchIndex();
    index.addPapers([
      paper('gene', { title: 'Gene expression atlas' }),
      paper('gen', { title: 'Generation of molecules' }),
    ]);
    expect(ids(index.search('gene'))).toEqual(['gene']);
  });

  it('breaks a tie with upvotes', () => {
    const index = new PaperSearchIndex();
    index.addPapers([
      paper('few', { title: 'Grokking', upvotes: 1 }),
      paper('many', { title: 'Grokking', upvotes: 300 }),
    ]);
    expect(ids(index.search('grokking'))).toEqual(['many', 'few']);
  });

  it('looks for common words in titles first, so "model" means a paper about a model', () => {
    const index = new PaperSearchIndex();
    index.addPapers([
      paper('someWords', { title: 'Conceptual adoption', summary: 'Firms and their habits.' }),
      paper('inAbstract', { summary: 'Our model of conceptual adoption in firms.' }),
      paper('inTitle', { title: 'A conceptual model', summary: 'About adoption.' }),
    ]);
    expect(ids(index.search('model'))).toEqual(['inTitle']);
    // All words with "model" in the title; all words with it in the abstract; some words.
    expect(ids(index.search('conceptual model adoption'))).toEqual(['inTitle', 'inAbstract', 'someWords']);
  });
});

describe('PaperSearchIndex updates', () => {
  it('dedupes by id, keeps the newest copy and re-indexes changed text', () => {
    const index = new PaperSearchIndex();
    index.addPapers([
      paper('p1', { title: 'Grokking at scale', upvotes: 1 }),
      paper('p1', { title: 'ignored duplicate in the same batch' }),
    ]);
    expect(index.size).toBe(1);
    index.addPapers([paper('p1', { title: 'Grokking at scale', upvotes: 42 })]);
    expect(index.search('grokking')[0]!.upvotes).toBe(42);
    index.addPapers([paper('p1', { title: 'Speculative decoding at scale' })]);
    expect(index.size).toBe(1);
    expect(index.search('grokking')).toEqual([]);
    expect(ids(index.search('speculative decoding'))).toEqual(['p1']);
  });

  it('drops the oldest list days when full', () => {
    const index = new PaperSearchIndex({ capacity: 10 });
    const days = Array.from({ length: 12 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
    index.addPapers(days.map((day, i) => paper(`p${i}`, { title: `Grokking ${i}`, day })));
    expect(index.size).toBe(9);
    expect(index.has('p0')).toBe(false);
    expect(index.has('p2')).toBe(false);
    expect(index.has('p3')).toBe(true);
    expect(index.search('grokking', { limit: 100 })).toHaveLength(9);
  });
});

describe('feeding the index', () => {
  const fetched = <T>(value: T): Fetched<T> => ({ value, fetchedAt: 0 });
  const weekOf = new Map<string, Paper[]>([
    ['2026-W48', [paper('w48', { title: 'Grokking this week' })]],
    ['2026-W47', [paper('w47', { title: 'Grokking last week' })]],
  ]);
  const requested: string[] = [];
  const source: PaperSource = {
    day: async (date) => fetched([paper(`d-${date}`, { title: `Diffusion on ${date}` })]),
    week: async (week) => {
      requested.push(week);
      if (week === '2026-W46') throw new Error('upstream down');
      return fetched(weekOf.get(week) ?? []);
    },
    month: async () => fetched([]),
    search: async (q) => fetched([paper(`s-${q}`, { title: `Speculative ${q}` })]),
    paper: async (id) => fetched(id === 'known' ? paper('known', { title: 'Mixture of experts' }) : undefined),
    today: () => '2026-11-27',
  };

  it('adds whatever the wrapped source returns', async () => {
    const index = new PaperSearchIndex();
    const papers = indexFetchedPapers(source, index);
    await papers.day('2026-11-26');
    await papers.search('decoding');
    await papers.paper('known');
    await papers.paper('unknown');
    expect(ids(index.search('diffusion'))).toEqual(['d-2026-11-26']);
    expect(ids(index.search('speculative'))).toEqual(['s-decoding']);
    expect(ids(index.search('experts'))).toEqual(['known']);
    expect(papers.today(new Date())).toBe('2026-11-27');
  });

  it('warms up with recent weeks and logs the ones that fail', async () => {
    const index = new PaperSearchIndex();
    const logger = new MemoryLogger();
    requested.length = 0;
    expect(await warmSearchIndex(source, index, { now: new Date('2026-11-27T12:00:00Z'), weeks: 3, logger })).toBe(2);
    expect(requested).toEqual(['2026-W48', '2026-W47', '2026-W46']);
    expect(logger.entries.map((e) => e.fields?.week)).toEqual(['2026-W46']);
  });
});
