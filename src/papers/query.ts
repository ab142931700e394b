import type { Paper } from './paper.js';
import { collapseWhitespace } from '../text/whitespace.js';

/**
 * Small list helpers the commands share: ordering, paging, de-duplication and the
 * short strings a paper card needs. Pure functions; nothing here touches the network.
 */

export type SortOrder = 'top' | 'new';

/** Compare ids so that newer arXiv ids (larger yymm.nnnnn) come first on ties. */
const byIdDesc = (a: Paper, b: Paper): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const byUpvotesDesc = (a: Paper, b: Paper): number => b.upvotes - a.upvotes;
const byPublishedDesc = (a: Paper, b: Paper): number => {
  const ta = Date.parse(a.publishedAt);
  const tb = Date.parse(b.publishedAt);
  // Unparseable dates sink to the bottom rather than poisoning the sort with NaN.
  return (Number.isNaN(tb) ? -Infinity : tb) - (Number.isNaN(ta) ? -Infinity : ta) || 0;
};

/**
 * A sorted copy. `top` = most upvotes first, ties by id (newest first) so the order is
 * stable across runs; `new` = most recently published first, ties by upvotes then id.
 */
export function sortPapers(papers: readonly Paper[], order: SortOrder): Paper[] {
  const copy = [...papers];
  if (order === 'top') return copy.sort((a, b) => byUpvotesDesc(a, b) || byIdDesc(a, b));
  return copy.sort((a, b) => byPublishedDesc(a, b) || byUpvotesDesc(a, b) || byIdDesc(a, b));
}

export interface Page<T> {
  items: T[];
  /** 1-based page actually shown (clamped into 1..pages) */
  page: number;
  /** At least 1, even for an empty list, so "page 1 of 1" always reads well */
  pages: number;
  total: number;
}

/**
 * One page of a list. `page` is 1-based and clamped into range: asking for page 9 of 3
 * shows page 3 (callers that want to warn can compare the requested page with `pages`).
 */
export function paginate<T>(items: readonly T[], page: number, perPage: number): Page<T> {
  const size = Math.max(1, Math.floor(perPage));
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((shown - 1) * size, shown * size), page: shown, pages, total };
}

/**
 * Weeks and months list a paper once per day it appeared on: keep one copy per id, the
 * one with the most upvotes (the freshest count), at the position of its first appearance.
 */
export function dedupeById(papers: readonly Paper[]): Paper[] {
  const best = new Map<string, Paper>();
  for (const p of papers) {
    const seen = best.get(p.id);
    if (!seen || p.upvotes > seen.upvotes) best.set(p.id, p);
  }
  return [...best.values()];
}

/**
 * The leading whole sentences of `text` that fit in `maxChars`. When even the first
 * sentence is too long, it is cut at a word boundary and ends with "…". A sentence ends
 * at . ! or ? followed by space and a capital/digit, so "e.g. the" does not split.
 */
export function firstSentences(text: string, maxChars: number): string {
  const clean = collapseWhitespace(text);
  if (clean.length <= maxChars) return clean;
  const sentences = clean.split(/(?<=[.!?])\s+(?=[A-Z0-9"'([])/);
  let out = '';
  for (const s of sentences) {
    const next = out ? `${out} ${s}` : s;
    if (next.length > maxChars) break;
    out = next;
  }
  if (out) return out;
  const cut = clean.slice(0, Math.max(1, maxChars - 1));
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** "A, B, C et al." — the first three names; "et al." only when some were left out. */
export function formatAuthors(names: readonly string[], shown = 3): string {
  const clean = names.map(collapseWhitespace).filter(Boolean);
  const head = clean.slice(0, shown).join(', ');
  return clean.length > shown ? `${head} et al.` : head;
}

/** A human age for notices: "5 min", "2 h", "3 days" (rounded down, at least "1 min"). */
export function formatAge(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 60) return `${Math.max(1, minutes)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}
