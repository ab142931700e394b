import type { SearchResult } from 'minisearch';

/**
 * The page of ids a search fills, in the order it takes them: each batch of results is
 * ranked (`rank`) and taken until the page is full, skipping ids already on it. Search
 * fills it in passes (all words, then some of them), so a later pass only adds.
 */
export class ResultPage {
  readonly ids: string[] = [];
  readonly #taken = new Set<string>();

  constructor(
    readonly limit: number,
    private readonly rank: (results: SearchResult[]) => SearchResult[],
  ) {}

  get full(): boolean {
    return this.ids.length >= this.limit;
  }

  take(results: SearchResult[]): void {
    for (const r of this.rank(results)) {
      if (this.full) return;
      const id = r.id as string;
      if (!this.#taken.has(id)) {
        this.#taken.add(id);
        this.ids.push(id);
      }
    }
  }
}
