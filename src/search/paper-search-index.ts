import MiniSearch, { type Options, type Query, type SearchOptions, type SearchResult } from 'minisearch';
import type { Paper } from '../papers/paper.js';
import { sortPapers } from '../papers/query.js';
import { loadBulk } from './bulk-index.js';
import { ResultPage } from './result-page.js';
import {
  addCommonWord,
  commonWordBit,
  commonWordSetsOf,
  emptyCommonWordSets,
  hasEveryWord,
  type CommonWordSets,
} from './common-word-sets.js';
import { COMMON_ABSTRACT_WORDS } from './common-abstract-words.js';
import { analyse, normalizeTerm, tokenize } from './text.js';
import type { TokenTable } from './token-table.js';

/**
 * Ranked full-text search over the papers Paperboy has seen (the cached days plus recent
 * history), for `/papers search`. minisearch scores with BM25+; we choose the fields,
 * the boosts and how forgiving to be:
 *
 * - Field boosts title 3 > AI keywords 2 > abstract 1: a word in the title says more
 *   about a paper than the same word somewhere in 250 words of abstract.
 * - Words found in many abstracts ("model", "language", see common-abstract-words.ts) are
 *   indexed in titles and keywords only. Alone they match titles (cheap, and more
 *   precise); beside rarer words, papers with them in the title come first, then papers
 *   with them anywhere in the abstract.
 * - No prefix matching: plurals are folded by the tokenizer (text.ts), and a prefix
 *   pulls in unrelated longer words (gene → generation, multi → every multi-*), which
 *   also made it the most expensive part of a query.
 * - Fuzzy matching only for words the index has never seen (a typo, not a real word),
 *   of 6+ characters, one edit (two from 10), weighted 0.3: "difusion" finds diffusion,
 *   but "generation" is never stretched to "generalization".
 * - All words must match; if that finds too few, papers matching some of the (rarer)
 *   words follow, ranked below every paper that matched all of them.
 * - A mild popularity prior (×1.3 at 1,000 upvotes), applied to the top results, breaks
 *   near-ties in favour of papers people found useful; relevance still dominates.
 */
export interface PaperSearchOptions {
  /** How many papers to return; default 10, at most 100 */
  limit?: number;
}

const BOOST = { title: 3, keywords: 2, abstract: 1 };
const ALL_FIELDS = ['title', 'keywords', 'abstract'];
const TITLE_FIELDS = ['title', 'keywords'];
/** Long queries cost time and rarely help; keep the first few words. */
const MAX_QUERY_CHARS = 200;
const MAX_QUERY_TERMS = 12;
const MAX_LIMIT = 100;
/** The most candidates `withAllWords` hands back. */
const MAX_EXHAUSTIVE = 500;
/** Candidates (best first) whose titles, and abstracts, are read for common words. */
const MAX_TITLES_READ = 500;
const MAX_ABSTRACTS_READ = 50;
const DEFAULT_CAPACITY = 50_000;
/** Not yet looked up (common-word bits are ≥ 0, other terms -1). */
const UNKNOWN_BIT = -2;

/** One word of a query, in the fields it is indexed in. */
const subquery = (term: string): Query => ({
  queries: [term],
  fields: COMMON_ABSTRACT_WORDS.has(term) ? TITLE_FIELDS : ALL_FIELDS,
});

interface IndexedDoc {
  id: string;
  title: string;
  keywords: string;
  abstract: string;
}

const toDoc = (p: Paper): IndexedDoc => ({
  id: p.id,
  title: p.title,
  // A plain ASCII separator keeps the text on the tokenizer's fast path.
  keywords: (p.aiKeywords ?? []).join(', '),
  abstract: p.summary,
});

const sameText = (a: Paper, b: Paper): boolean =>
  a.title === b.title && a.summary === b.summary && (a.aiKeywords ?? []).join('\n') === (b.aiKeywords ?? []).join('\n');

/** What "recent history" keeps when the index is full: the newest list days. */
const ageKey = (p: Paper): string => p.day ?? p.publishedAt.slice(0, 10);

export class PaperSearchIndex {
  readonly #papers = new Map<string, Paper>();
  /** Every term ever indexed; a query word outside it is a typo candidate for fuzzy. */
  readonly #vocabulary = new Set<string>();
  /** Per paper id, which common words are in its title/keywords and its abstract. */
  readonly #commonWords = new Map<string, CommonWordSets>();
  readonly #capacity: number;
  readonly #options: Options<IndexedDoc>;
  #revision = 0;
  #engine: MiniSearch<IndexedDoc>;

  /** `capacity`: the most papers kept; beyond it the oldest (by list day) are dropped. */
  constructor(options: { capacity?: number } = {}) {
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.#options = {
      fields: ALL_FIELDS,
      idField: 'id',
      tokenize,
      processTerm: this.#indexTerm,
      // Queries are normalised the same way, without the indexing side effects.
      searchOptions: { tokenize, processTerm: normalizeTerm },
    };
    this.#engine = new MiniSearch<IndexedDoc>(this.#options);
  }

  /** Token → indexed term (or null), noting every term in the vocabulary for fuzzy. */
  readonly #indexTerm = (token: string, field?: string, normalize = normalizeTerm): string | null => {
    const term = normalize(token);
    if (term === null) return null;
    this.#vocabulary.add(term);
    return field === 'abstract' && COMMON_ABSTRACT_WORDS.has(term) ? null : term;
  };

  get size(): number {
    return this.#papers.size;
  }

  has(id: string): boolean {
    return this.#papers.has(id);
  }

  /** The paper with this id, as last fetched (for citations and related work). */
  get(id: string): Paper | undefined {
    return this.#papers.get(id);
  }

  /** Every paper in the index (for models built over the same papers, e.g. similar.ts). */
  papers(): IterableIterator<Paper> {
    return this.#papers.values();
  }

  /** Changes whenever papers are added, updated or dropped, so derived models know when to rebuild. */
  get revision(): number {
    return this.#revision;
  }

  /**
   * Add papers as they are fetched. Ids already known are updated in place (upvotes
   * change through the day) and re-indexed only when their text changed.
   */
  addPapers(papers: readonly Paper[]): void {
    if (papers.length > 0) this.#revision++;
    const fresh: IndexedDoc[] = [];
    const seen = new Set<string>();
    for (const paper of papers) {
      if (seen.has(paper.id)) continue;
      seen.add(paper.id);
      const known = this.#papers.get(paper.id);
      this.#papers.set(paper.id, paper);
      if (!known) fresh.push(toDoc(paper));
      else if (!sameText(known, paper)) {
        const doc = toDoc(paper);
        this.#engine.replace(doc);
        this.#commonWords.set(doc.id, commonWordSetsOf(`${doc.title} ${doc.keywords}`, doc.abstract));
      }
    }
    // Into an empty index (start-up, the bench), build it in one pass: 3–4× faster than
    // adding papers one by one (see bulk-index.ts). Later days are added one by one.
    if (fresh.length > 0 && this.#engine.documentCount === 0) this.#bulkLoad(fresh);
    else if (fresh.length > 0) {
      for (const doc of fresh)
        this.#commonWords.set(doc.id, commonWordSetsOf(`${doc.title} ${doc.keywords}`, doc.abstract));
      this.#engine.addAll(fresh);
    }
    if (this.#papers.size > this.#capacity) this.#evictOldest();
  }

  /** Builds the engine and the common-word sets from the same scan of the texts. */
  #bulkLoad(docs: IndexedDoc[]): void {
    const sets = docs.map(() => emptyCommonWordSets());
    const bitOfToken: number[] = [];
    const onField = (i: number, field: string, table: TokenTable, count: number): void => {
      const place = field === 'abstract' ? 'abstract' : 'title';
      while (bitOfToken.length < table.tokens.length) bitOfToken.push(UNKNOWN_BIT);
      for (let k = 0; k < count; k++) {
        const token = table.ids[k]!;
        let bit = bitOfToken[token]!;
        if (bit === UNKNOWN_BIT) bit = bitOfToken[token] = commonWordBit(analyse(table.tokens[token]!));
        if (bit >= 0) addCommonWord(sets[i]!, place, bit);
      }
    };
    // The bulk build analyses each distinct token once already: keep its 60,000 tokens
    // out of normalizeTerm's cache (megabytes of heap that would only serve queries).
    const processTerm = (token: string, field: string): string | null => this.#indexTerm(token, field, analyse);
    this.#engine = loadBulk(docs, { processTerm, onField }, this.#options);
    docs.forEach((doc, i) => this.#commonWords.set(doc.id, sets[i]!));
  }

  /** The best matches for `query`, most relevant first; [] when nothing matches. */
  search(query: string, options: PaperSearchOptions = {}): Paper[] {
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(options.limit ?? 10)));
    const terms = this.#queryTerms(query).slice(0, MAX_QUERY_TERMS);
    if (terms.length === 0) return [];
    const rare = terms.filter((t) => !COMMON_ABSTRACT_WORDS.has(t));
    const common = terms.filter((t) => COMMON_ABSTRACT_WORDS.has(t));
    const page = new ResultPage(limit, (results) => this.#withPopularity(results, limit));
    const searched = rare.length > 0 ? rare : common;
    // Common words alone ("large language models", searched in titles) nearly always fill
    // the page with all of them; their intersection is far cheaper to score and sort than
    // the union of thousands of titles (14 → 8 ms for that query here).
    if (rare.length === 0 && searched.length > 1) {
      page.take(this.#engine.search({ combineWith: 'AND', queries: searched.map(subquery) }, this.#settings));
      if (page.full) return this.#papersOf(page.ids);
    }
    // Otherwise one OR search over the rare words (or the common ones when there are no
    // others). The papers that matched every one of them are exactly an AND search's
    // results, with the same scores: rare words rarely all meet, and a separate AND
    // search would walk the same postings a second time.
    const found = this.#engine.search({ combineWith: 'OR', queries: searched.map(subquery) }, this.#settings);
    const wordCount = new Set(searched.map(normalizeTerm)).size; // as minisearch re-reads them
    const everyWord = wordCount === 1 ? found : found.filter((r) => r.queryTerms.length >= wordCount);
    if (common.length === 0 || rare.length === 0) page.take(everyWord);
    else this.#takeByCommonWords(page, everyWord, common);
    // Then some of the words. The rare words decide relevance here; common ones would
    // only add thousands of weak title hits (and most of the cost).
    if (!page.full && terms.length > 1) page.take(found);
    return this.#papersOf(page.ids);
  }

  /** The distinct search terms of a query (or of words), stop words left out. */
  #queryTerms(text: string): string[] {
    return [...new Set(tokenize(text.slice(0, MAX_QUERY_CHARS)).map(normalizeTerm))].filter(
      (t): t is string => t !== null,
    );
  }

  /** Typos are forgiven only for words the index does not know, and score below exact hits. */
  readonly #settings: SearchOptions = {
    boost: BOOST,
    fuzzy: (term) => !this.#vocabulary.has(term) && (term.length >= 10 ? 2 : term.length >= 6 ? 1 : false),
    weights: { fuzzy: 0.3, prefix: 0 },
  };

  /**
   * Papers with all the (rare) words, sorted by where the common words are: in the title
   * or keywords first, then anywhere in the text (the abstract index leaves common words
   * out; common-word-sets.ts knows). Same set as a full AND, without scoring the
   * thousands of papers with "model" in the title.
   */
  #takeByCommonWords(page: ResultPage, everyWord: SearchResult[], common: string[]): void {
    const candidates = this.#withPopularity(everyWord, page.limit);
    const commonBits = common.map(commonWordBit);
    const inText: SearchResult[] = [];
    let abstractsRead = 0;
    for (const r of candidates.slice(0, MAX_TITLES_READ)) {
      if (page.full) break;
      const sets = this.#commonWords.get(r.id as string);
      if (!sets) continue;
      if (hasEveryWord(sets, 'title', commonBits)) page.take([r]);
      else if (
        inText.length < page.limit &&
        abstractsRead++ < MAX_ABSTRACTS_READ &&
        hasEveryWord(sets, 'abstract', commonBits)
      )
        inText.push(r);
    }
    page.take(inText);
  }

  #papersOf(ids: readonly string[]): Paper[] {
    return ids.map((id) => this.#papers.get(id)).filter((p): p is Paper => p !== undefined);
  }

  /**
   * Every paper with all of `words` somewhere in its title, keywords or abstract (word
   * forms folded as for ranking, stop words ignored), best match first, at most `limit`.
   * Unlike `search` it is exhaustive, common words included: the candidates a "quoted
   * phrase" is checked against. Rare words come from the index; common words, which the
   * abstract index leaves out, from each paper's common-word bits.
   */
  withAllWords(words: string, limit = MAX_EXHAUSTIVE): Paper[] {
    const terms = this.#queryTerms(words);
    if (terms.length === 0) return [];
    const commonBits = terms.filter((t) => COMMON_ABSTRACT_WORDS.has(t)).map(commonWordBit);
    const rare = terms.filter((t) => !COMMON_ABSTRACT_WORDS.has(t)).slice(0, MAX_QUERY_TERMS);
    const hasCommon = (id: string): boolean => {
      const sets = this.#commonWords.get(id);
      return (
        sets !== undefined &&
        commonBits.every((bit) => hasEveryWord(sets, 'title', [bit]) || hasEveryWord(sets, 'abstract', [bit]))
      );
    };
    if (rare.length === 0) {
      // Only common words: a bit test per paper, then the most upvoted first.
      const found = [...this.#papers.values()].filter((p) => hasCommon(p.id));
      return sortPapers(found, 'top').slice(0, limit);
    }
    const ranked = this.#engine.search(
      { combineWith: 'AND', queries: rare.map((t) => ({ queries: [t], fields: ALL_FIELDS })) },
      { boost: BOOST },
    );
    const out: Paper[] = [];
    for (const r of ranked) {
      if (out.length >= limit) break;
      const paper = this.#papers.get(r.id as string);
      if (paper && hasCommon(paper.id)) out.push(paper);
    }
    return out;
  }

  /**
   * The popularity prior, applied to the best few results only: as a minisearch
   * boostDocument it ran for every posting and cost a quarter of the query time, and at
   * ≤ 1.3× it cannot lift a paper from far below the top into it.
   */
  #withPopularity(results: SearchResult[], limit: number): SearchResult[] {
    if (results.length < 2) return results;
    const head = results.slice(0, limit * 3).map((r) => ({ r, score: r.score * this.#prior(r.id as string) }));
    head.sort((a, b) => b.score - a.score);
    return [...head.map((h) => h.r), ...results.slice(limit * 3)];
  }

  #prior(id: string): number {
    return 1 + Math.log10(1 + Math.max(0, this.#papers.get(id)?.upvotes ?? 0)) / 10;
  }

  #evictOldest(): void {
    // Drop to 90% of capacity at once, so a steady trickle of new papers does not sort
    // the whole collection on every add.
    const keep = Math.floor(this.#capacity * 0.9);
    const oldestFirst = [...this.#papers.values()].sort((a, b) =>
      ageKey(a) < ageKey(b) ? -1 : ageKey(a) > ageKey(b) ? 1 : 0,
    );
    for (const paper of oldestFirst.slice(0, this.#papers.size - keep)) {
      this.#papers.delete(paper.id);
      this.#commonWords.delete(paper.id);
      this.#engine.discard(paper.id);
    }
  }
}
