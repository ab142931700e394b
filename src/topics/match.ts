/**
 * Matching a topic tree against a paper, with the explanation of why it matched.
 *
 * Each paper is tokenised and stemmed once and the result cached in a WeakMap keyed by
 * the paper object, so a day's 50 papers are prepared once however many topics look at
 * them (and the cache goes away with the papers). Papers are treated as immutable.
 */
import type { Paper } from '../papers/paper.js';
import type { TermField, TermNode, TopicNode } from './parser.js';
import { keyOf, stem, tokenize } from './normalize.js';

/** Where a term hit. `keywords` is Hugging Face's ai_keywords. */
export type MatchField = 'title' | 'abstract' | 'keywords' | 'author' | 'org';
/** One hit: the term as the user typed it and the field it was found in. */
export interface MatchReason {
  term: string;
  field: MatchField;
}

/** Clause boundaries and keyword/author separators: a phrase never spans one. */
const GAP = '';

/** One field's tokens in order (with GAP markers) and as a set (with joined hyphen pairs). */
export interface FieldTokens {
  seq: string[];
  set: Set<string>;
}

/** A paper prepared for matching. */
export interface PaperView {
  title: FieldTokens;
  abstract: FieldTokens;
  keywords: FieldTokens;
  /** Author names, folded but not stemmed (names are not words) */
  authors: FieldTokens;
  /** Organisation handle and display name, folded but not stemmed */
  org: FieldTokens;
}

function fieldTokens(segments: readonly string[], stemmed: boolean): FieldTokens {
  const seq: string[] = [];
  const set = new Set<string>();
  for (const segment of segments) {
    if (seq.length > 0) seq.push(GAP);
    let prev: string | undefined;
    for (const t of tokenize(segment)) {
      if (t.boundary) seq.push(GAP);
      const key = stemmed ? keyOf(t) : t.text;
      seq.push(key);
      set.add(key);
      // "pre-training" is also findable as "pretraining" (and "Jean-Pierre" as "jeanpierre").
      if (t.hyphenated && prev !== undefined) {
        const joined = prev + t.text;
        set.add(stemmed ? stem(joined) : joined);
      }
      prev = t.text;
    }
  }
  return { seq, set };
}

const views = new WeakMap<Paper, PaperView>();

/** The prepared form of a paper, built on first use and cached for the paper object. */
export function viewOf(paper: Paper): PaperView {
  let view = views.get(paper);
  if (!view) {
    const org = paper.organization;
    view = {
      title: fieldTokens([paper.title ?? ''], true),
      abstract: fieldTokens([paper.summary ?? ''], true),
      keywords: fieldTokens(paper.aiKeywords ?? [], true),
      authors: fieldTokens(paper.authors ?? [], false),
      org: fieldTokens(org ? [org.name, org.fullname ?? ''] : [], false),
    };
    views.set(paper, view);
  }
  return view;
}

/** Does `tokens` occur consecutively in `field`? */
function containsRun(field: FieldTokens, tokens: readonly string[]): boolean {
  if (tokens.length === 1) return field.set.has(tokens[0]!);
  for (const t of tokens) if (!field.set.has(t)) return false;
  const { seq } = field;
  const first = tokens[0]!;
  outer: for (let i = 0; i + tokens.length <= seq.length; i++) {
    if (seq[i] !== first) continue;
    for (let k = 1; k < tokens.length; k++) if (seq[i + k] !== tokens[k]) continue outer;
    return true;
  }
  return false;
}

const TEXT_FIELDS: readonly MatchField[] = ['title', 'abstract', 'keywords'];
const FIELDS_OF: Record<TermField, readonly MatchField[]> = {
  text: TEXT_FIELDS,
  title: ['title'],
  abstract: ['abstract'],
  keywords: ['keywords'],
  author: ['author'],
  org: ['org'],
};

function termHits(term: TermNode, view: PaperView): MatchField[] {
  const hits: MatchField[] = [];
  for (const f of FIELDS_OF[term.field]) {
    if (f === 'author' || f === 'org') {
      if (containsRun(f === 'author' ? view.authors : view.org, term.words)) hits.push(f);
      continue;
    }
    const tokens = view[f];
    if (containsRun(tokens, term.stems) || (term.joined !== undefined && tokens.set.has(term.joined))) hits.push(f);
  }
  return hits;
}

/** Whether `node` matches: the same answer as `evaluate`, without building the explanation. */
export function matches(node: TopicNode, view: PaperView): boolean {
  switch (node.kind) {
    case 'term':
      for (const f of FIELDS_OF[node.field]) {
        if (f === 'author' || f === 'org') {
          if (containsRun(f === 'author' ? view.authors : view.org, node.words)) return true;
          continue;
        }
        const tokens = view[f];
        if (containsRun(tokens, node.stems) || (node.joined !== undefined && tokens.set.has(node.joined))) return true;
      }
      return false;
    case 'not':
      return !matches(node.child, view);
    case 'and':
      return node.children.every((c) => matches(c, view));
    case 'or':
      return node.children.some((c) => matches(c, view));
  }
}

/**
 * Evaluates `node`; undefined when it does not match, otherwise the reasons (possibly
 * none, for a NOT that held). OR keeps every branch that hit, so the explanation lists
 * all of them; NOT contributes nothing.
 */
export function evaluate(node: TopicNode, view: PaperView): MatchReason[] | undefined {
  switch (node.kind) {
    case 'term': {
      const hits = termHits(node, view);
      return hits.length ? hits.map((field) => ({ term: node.display, field })) : undefined;
    }
    case 'not':
      return evaluate(node.child, view) ? undefined : [];
    case 'and': {
      const out: MatchReason[] = [];
      for (const child of node.children) {
        const r = evaluate(child, view);
        if (!r) return undefined;
        out.push(...r);
      }
      return out;
    }
    case 'or': {
      let out: MatchReason[] | undefined;
      for (const child of node.children) {
        const r = evaluate(child, view);
        if (r) (out ??= []).push(...r);
      }
      return out;
    }
  }
}

const FIELD_ORDER: Record<MatchField, number> = { title: 0, abstract: 1, keywords: 2, author: 3, org: 4 };

/**
 * Deduplicated reasons in a stable order: terms in the order they first appear in the
 * topic, and for each term its fields as title, abstract, keywords, author, org.
 */
export function tidyReasons(reasons: readonly MatchReason[]): MatchReason[] {
  // Fast path, the common case: one term, its fields already in order (as termHits gives them).
  let tidy = true;
  for (let i = 1; i < reasons.length && tidy; i++) {
    tidy = reasons[i]!.term === reasons[0]!.term && FIELD_ORDER[reasons[i - 1]!.field] < FIELD_ORDER[reasons[i]!.field];
  }
  if (tidy) return [...reasons];
  const termOrder = new Map<string, number>();
  const seen = new Set<string>();
  const out: MatchReason[] = [];
  for (const r of reasons) {
    if (!termOrder.has(r.term)) termOrder.set(r.term, termOrder.size);
    const key = `${r.field}\u0000${r.term}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  }
  return out.sort(
    (a, b) => termOrder.get(a.term)! - termOrder.get(b.term)! || FIELD_ORDER[a.field] - FIELD_ORDER[b.field],
  );
}
