import type { Paper } from '../papers/paper.js';
import { sortPapers } from '../papers/query.js';
import { TfIdfModel, type TermVector } from '../search/similarity.js';

/**
 * The "for you" order, pure (the saved papers come from the caller; storage is not
 * this module's business): candidates ordered by tf-idf similarity to what a place
 * saved (title, keywords, abstract; src/search/similarity.ts), each with the saved paper
 * it resembles most, so the reply can say "like: <title>". With fewer than MIN_SAVED
 * saved papers there is too little to go on: the order falls back to upvotes, saying so.
 *
 * Two ways to score a candidate, compared in bench/rows/foryou.ts:
 * - `centroid` (default): its similarity to the mean of the saved vectors (Rocchio).
 *   On the corpus bench it found held-out papers of the saved topic at precision@10
 *   1.00 (one interest) and 0.99 (two interests at once), against 0.77 / 0.78 for
 *   `nearest`: a mean of several papers weighs what they have in common, one neighbour
 *   also its incidental words;
 * - `nearest`: its similarity to the single most similar saved paper (1-NN).
 * Either way "like" names the single saved paper most similar to the candidate.
 */
export const MIN_SAVED = 3;

export type ForYouMethod = 'nearest' | 'centroid';

export interface ForYouItem {
  paper: Paper;
  /** Similarity 0..1 (0 in the upvote fallback) */
  score: number;
  /** The saved paper it resembles most (absent when it shares nothing, or in the fallback) */
  like?: Paper;
}

export type ForYouResult =
  { mode: 'similarity'; items: ForYouItem[] } | { mode: 'upvotes'; reason: string; items: ForYouItem[] };

export interface ForYouInput {
  saved: readonly Paper[];
  candidates: readonly Paper[];
  /** A model over a larger background (e.g. the search index) gives better idf; built from saved + candidates otherwise */
  model?: TfIdfModel;
  method?: ForYouMethod;
}

function dot(a: TermVector, b: TermVector): number {
  const weights = new Map<number, number>();
  for (let k = 0; k < a.ids.length; k++) weights.set(a.ids[k]!, a.weights[k]!);
  let sum = 0;
  for (let k = 0; k < b.ids.length; k++) sum += (weights.get(b.ids[k]!) ?? 0) * b.weights[k]!;
  return sum;
}

function centroidOf(vectors: readonly TermVector[]): TermVector {
  const sum = new Map<number, number>();
  for (const v of vectors)
    for (let k = 0; k < v.ids.length; k++) sum.set(v.ids[k]!, (sum.get(v.ids[k]!) ?? 0) + v.weights[k]!);
  const norm = Math.sqrt([...sum.values()].reduce((n, w) => n + w * w, 0)) || 1;
  return { ids: Int32Array.from(sum.keys()), weights: Float32Array.from([...sum.values()].map((w) => w / norm)) };
}

/** Similarity of every candidate to one query vector: through the model's index when the candidate is in it. */
function similarities(model: TfIdfModel, query: TermVector, candidates: readonly Paper[]): Float64Array {
  const all = model.scores(query);
  return Float64Array.from(candidates, (c) => {
    const i = model.indexOf(c.id);
    return i !== undefined ? all[i]! : dot(query, model.vectorOf(c));
  });
}

export function rankForYou(input: ForYouInput): ForYouResult {
  const { saved, candidates } = input;
  const distinctSaved = [...new Map(saved.map((p) => [p.id, p])).values()];
  if (distinctSaved.length < MIN_SAVED) {
    return {
      mode: 'upvotes',
      reason: `"For you" needs at least ${MIN_SAVED} saved papers to go on (there ${distinctSaved.length === 1 ? 'is' : 'are'} ${distinctSaved.length}), so this is most upvoted first.`,
      items: sortPapers(candidates, 'top').map((paper) => ({ paper, score: 0 })),
    };
  }
  const model = input.model ?? TfIdfModel.build([...distinctSaved, ...candidates]);
  const savedVectors = distinctSaved.map((p) => model.vectorOf(p));
  const perSaved = savedVectors.map((v) => similarities(model, v, candidates));
  const centroid =
    (input.method ?? 'centroid') === 'centroid' ? similarities(model, centroidOf(savedVectors), candidates) : undefined;
  const items = candidates.map((paper, c): ForYouItem => {
    let best = 0;
    let like: Paper | undefined;
    perSaved.forEach((sims, s) => {
      // A saved paper is not "like" itself.
      if (distinctSaved[s]!.id !== paper.id && sims[c]! > best) {
        best = sims[c]!;
        like = distinctSaved[s];
      }
    });
    const score = centroid ? centroid[c]! : best;
    return like ? { paper, score, like } : { paper, score };
  });
  items.sort(
    (a, b) =>
      b.score - a.score ||
      b.paper.upvotes - a.paper.upvotes ||
      (a.paper.id < b.paper.id ? 1 : a.paper.id > b.paper.id ? -1 : 0),
  );
  return { mode: 'similarity', items };
}

/** The line a card shows for it: "like: <title of the saved paper it resembles most>". */
export const likeLine = (item: ForYouItem): string | undefined => (item.like ? `like: ${item.like.title}` : undefined);
