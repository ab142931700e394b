import type { Paper } from '../papers/paper.js';
import { normalizeTerm, tokenize } from './text.js';

/**
 * tf-idf vectors over title, AI keywords and abstract, for "papers like this one"
 * (`/papers similar`) and the "for you" order (src/recommend). Terms are the search
 * index's own (text.ts: case, accents, plurals, British spellings folded, function words
 * dropped) plus word pairs from titles and keywords, so "speculative decoding" or "mixture of experts" count as
 * one distinctive term and can be named in a "shared: …" line.
 *
 * - Field weights title 3 > keywords 2 > abstract 1, as in search.
 * - Sublinear tf (1 + ln tf) × idf ln(N / df): a word every paper has weighs nothing.
 * - Each paper keeps its 100 heaviest terms (L2-normalised), which keeps the model small
 *   and drops the long tail of incidental words.
 * - Scoring walks an inverted index, so a query costs its terms' postings, not N papers.
 */
const FIELD_WEIGHT = { title: 3, keywords: 2, abstract: 1 };
const TERMS_KEPT = 100;
/** Terms in fewer papers than this are left out of the vectors (min_df, as in scikit-learn). */
const MIN_DF = 2;
/** "shared: …" names only terms in at most this share of papers: "model" explains nothing. */
const SHARED_MAX_DF = 0.05;

export interface TermVector {
  /** term ids, in no particular order */
  ids: Int32Array;
  /** L2-normalised weights, parallel to ids */
  weights: Float32Array;
}

export interface Neighbour {
  /** Index of the paper in the model */
  index: number;
  paper: Paper;
  /** Cosine similarity, 0..1 */
  score: number;
}

/**
 * A paper's weighted term counts: single terms from every field, word pairs from the
 * title and keywords (pairs from abstracts would multiply the vocabulary tenfold for
 * little gain: a paper's defining phrase is nearly always in its title or keywords).
 * `surfaces`, when given, records the text each term was seen as, for display.
 */
function countTerms(paper: Paper, surfaces?: Map<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  const field = (text: string, weight: number, pairs: boolean): void => {
    const tokens = tokenize(text);
    let prev: { term: string; at: number } | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const term = normalizeTerm(tokens[i]!);
      // Numbers and one-letter tokens say little about a topic.
      if (term === null || term.length < 2 || /^\d+(\.\d+)?$/.test(term)) {
        // "of" does not break a pair ("mixture of experts"); anything else does.
        if (term !== null || tokens[i]!.toLowerCase() !== 'of') prev = undefined;
        continue;
      }
      counts.set(term, (counts.get(term) ?? 0) + weight);
      if (surfaces && !surfaces.has(term)) surfaces.set(term, tokens[i]!);
      if (pairs && prev) {
        const pair = `${prev.term} ${term}`;
        counts.set(pair, (counts.get(pair) ?? 0) + weight);
        if (surfaces && !surfaces.has(pair)) surfaces.set(pair, tokens.slice(prev.at, i + 1).join(' '));
      }
      prev = { term, at: i };
    }
  };
  field(paper.title, FIELD_WEIGHT.title, true);
  field((paper.aiKeywords ?? []).join(' ; '), FIELD_WEIGHT.keywords, true);
  field(paper.summary, FIELD_WEIGHT.abstract, false);
  return counts;
}

/** The terms of a paper's title and keywords. */
const headTerms = (paper: Paper): string[] => [...countTerms({ ...paper, summary: '' }).keys()];

export class TfIdfModel {
  readonly papers: readonly Paper[];
  readonly #byId = new Map<string, number>();
  readonly #termIds = new Map<string, number>();
  readonly #terms: string[] = [];
  readonly #df: number[] = [];
  readonly #vectors: TermVector[];
  #postings: { docs: number[]; weights: number[] }[] | undefined;

  private constructor(papers: readonly Paper[]) {
    this.papers = papers;
    const counted = papers.map((p) => countTerms(p));
    for (const counts of counted) {
      for (const term of counts.keys()) {
        let id = this.#termIds.get(term);
        if (id === undefined) {
          id = this.#terms.length;
          this.#termIds.set(term, id);
          this.#terms.push(term);
          this.#df.push(0);
        }
        this.#df[id]!++;
      }
    }
    papers.forEach((p, i) => this.#byId.set(p.id, i));
    this.#vectors = counted.map((c) => this.#weigh(c));
  }

  /** One model over these papers (repeated ids: the first copy). */
  static build(papers: readonly Paper[]): TfIdfModel {
    const seen = new Set<string>();
    return new TfIdfModel(papers.filter((p) => !seen.has(p.id) && Boolean(seen.add(p.id))));
  }

  get size(): number {
    return this.papers.length;
  }

  indexOf(id: string): number | undefined {
    return this.#byId.get(id);
  }

  /** The paper's vector: stored for papers in the model, weighed with the model's idf otherwise. */
  vectorOf(paper: Paper): TermVector {
    const i = this.#byId.get(paper.id);
    return i !== undefined ? this.#vectors[i]! : this.#weigh(countTerms(paper));
  }

  #idf(term: string): number {
    const id = this.#termIds.get(term);
    const df = id === undefined ? 1 : this.#df[id]!;
    return Math.log(Math.max(1, this.papers.length) / df);
  }

  #weigh(counts: Map<string, number>): TermVector {
    const weighted: [number, number][] = [];
    for (const [term, tf] of counts) {
      const id = this.#termIds.get(term);
      // A term no other paper has (or that the model never saw) cannot make two papers alike.
      if (id === undefined || this.#df[id]! < MIN_DF) continue;
      const w = (1 + Math.log(tf)) * this.#idf(term);
      if (w > 0) weighted.push([id, w]);
    }
    weighted.sort((a, b) => b[1] - a[1]);
    const kept = weighted.slice(0, TERMS_KEPT);
    const norm = Math.sqrt(kept.reduce((n, [, w]) => n + w * w, 0)) || 1;
    return { ids: Int32Array.from(kept.map(([id]) => id)), weights: Float32Array.from(kept.map(([, w]) => w / norm)) };
  }

  #index(): { docs: number[]; weights: number[] }[] {
    if (this.#postings) return this.#postings;
    const postings = this.#terms.map(() => ({ docs: [] as number[], weights: [] as number[] }));
    this.#vectors.forEach((v, doc) => {
      for (let k = 0; k < v.ids.length; k++) {
        const p = postings[v.ids[k]!]!;
        p.docs.push(doc);
        p.weights.push(v.weights[k]!);
      }
    });
    return (this.#postings = postings);
  }

  /** Cosine similarity of `query` with every paper in the model (0 where nothing is shared). */
  scores(query: TermVector): Float64Array {
    const out = new Float64Array(this.papers.length);
    const postings = this.#index();
    for (let k = 0; k < query.ids.length; k++) {
      const p = postings[query.ids[k]!]!;
      const w = query.weights[k]!;
      for (let j = 0; j < p.docs.length; j++) out[p.docs[j]!]! += w * p.weights[j]!;
    }
    return out;
  }

  /** The `limit` papers most like `query`, best first, leaving out `exclude` ids. */
  nearest(query: TermVector, limit: number, exclude: ReadonlySet<string> = new Set()): Neighbour[] {
    const scores = this.scores(query);
    const found: Neighbour[] = [];
    scores.forEach((score, index) => {
      if (score > 0 && !exclude.has(this.papers[index]!.id)) found.push({ index, paper: this.papers[index]!, score });
    });
    return found.sort((a, b) => b.score - a.score || b.paper.upvotes - a.paper.upvotes).slice(0, limit);
  }

  /**
   * The terms that make two papers alike, most telling first, as the text they were seen
   * as: word pairs before the single words they contain ("speculative decoding", not
   * also "decoding").
   */
  sharedTerms(a: Paper, b: Paper, count = 4): string[] {
    const surfaces = new Map<string, string>();
    countTerms(a, surfaces);
    countTerms(b, surfaces);
    // Single words only from a title or keywords: an abstract's "furthermore" explains nothing.
    const heads = new Set([...headTerms(a), ...headTerms(b)]);
    return this.#shared(this.vectorOf(a), this.vectorOf(b), count, heads).map(
      (t) => surfaces.get(t)?.toLowerCase() ?? t,
    );
  }

  #shared(a: TermVector, b: TermVector, count: number, heads: ReadonlySet<string>): string[] {
    const wa = new Map<number, number>();
    for (let k = 0; k < a.ids.length; k++) wa.set(a.ids[k]!, a.weights[k]!);
    const common: [string, number][] = [];
    const maxDf = Math.max(MIN_DF, SHARED_MAX_DF * this.papers.length);
    for (let k = 0; k < b.ids.length; k++) {
      const id = b.ids[k]!;
      const w = wa.get(id);
      const term = this.#terms[id]!;
      if (w === undefined || this.#df[id]! > maxDf || term.length <= 2) continue;
      if (term.includes(' ') || heads.has(term)) common.push([term, w * b.weights[k]!]);
    }
    common.sort((x, y) => y[1] - x[1]);
    const chosen: string[] = [];
    for (const [term] of common) {
      if (chosen.length >= count) break;
      const words = term.split(' ');
      if (words.length === 1 && chosen.some((c) => c.split(' ').includes(term))) continue;
      // "high dynamic" and "dynamic range" are one phrase: name it once.
      if (words.length === 2 && chosen.some((c) => c.includes(' ') && c.split(' ').some((w) => words.includes(w))))
        continue;
      if (words.length === 2) {
        // A pair replaces the single words already chosen from it.
        for (const w of words) {
          const at = chosen.indexOf(w);
          if (at >= 0) chosen.splice(at, 1);
        }
      }
      chosen.push(term);
    }
    return chosen;
  }
}
