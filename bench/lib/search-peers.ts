/**
 * The two peers search row 3 measures beside PaperSearchIndex, on the same papers and the
 * same queries, each set up to offer what Paperboy's search offers a person typing:
 * - FlexSearch 0.8: a Document index over title and abstract, `tokenize: 'forward'` (a
 *   word cut short still finds it), results merged across the fields, 10 asked for;
 * - Orama 3.1: title and abstract as string fields, BM25, `tolerance: 1` (one typo).
 * devDependencies only: the bench compares, the product does not use them.
 */
import { Document } from 'flexsearch';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import type { Paper } from '../../src/papers/paper.js';

export interface SearchPeer {
  name: string;
  build(papers: readonly Paper[]): void | Promise<void>;
  /** How many papers the query found (at most 10) */
  search(query: string): number;
}

interface FlexDocument {
  add(doc: { id: number; title: string; summary: string }): void;
  search(query: string, options: { limit: number }): { field: string; result: number[] }[];
}

export function flexSearchPeer(): SearchPeer {
  let index: FlexDocument | undefined;
  return {
    name: 'FlexSearch 0.8 (forward tokens)',
    build(papers) {
      const Doc = Document as unknown as new (options: unknown) => FlexDocument;
      index = new Doc({ document: { id: 'id', index: ['title', 'summary'] }, tokenize: 'forward' });
      papers.forEach((p, id) => index!.add({ id, title: p.title, summary: p.summary }));
    },
    search(query) {
      const found = new Set<number>();
      for (const field of index!.search(query, { limit: 10 })) for (const id of field.result) found.add(id);
      return Math.min(10, found.size);
    },
  };
}

export function oramaPeer(): SearchPeer {
  const schema = { title: 'string', summary: 'string' } as const;
  let db: ReturnType<typeof create<typeof schema>> | undefined;
  return {
    name: 'Orama 3.1 (BM25, tolerance 1)',
    async build(papers) {
      db = create({ schema });
      // Sync or a promise, depending on Orama's hooks: awaited either way.
      await insertMultiple(
        db,
        papers.map((p) => ({ title: p.title, summary: p.summary })),
      );
    },
    search(query) {
      const r = oramaSearch(db!, { term: query, limit: 10, tolerance: 1 }) as { hits: unknown[] };
      return r.hits.length;
    },
  };
}
