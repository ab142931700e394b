/**
 * STUB — the topics helper replaces this file with the real implementation (issue 3).
 * The public API other modules code against:
 *
 *   compileTopic(text) → CompiledTopic        (throws TopicSyntaxError with .position)
 *   compiled.match(paper) → { matched, why }  (why: which terms hit in which field)
 *   formatWhy(why) → "matched: generalization (title), OOD (keywords)"
 *   new TopicIndex(entries).match(papers)     (many subscriptions × a day's papers)
 */
import type { Paper } from '../papers/paper.js';

export type MatchField = 'title' | 'abstract' | 'keywords' | 'author' | 'org';
export interface MatchReason { term: string; field: MatchField }
export interface TopicMatch { matched: boolean; why: MatchReason[] }

export interface CompiledTopic {
  /** The topic as typed */
  readonly source: string;
  match(paper: Paper): TopicMatch;
}

export class TopicSyntaxError extends Error {
  /** 1-based character position of the problem in the topic text */
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = 'TopicSyntaxError';
  }
}

export function compileTopic(_text: string): CompiledTopic {
  throw new Error('not implemented yet');
}

export function formatWhy(why: MatchReason[]): string {
  return `matched: ${why.map((r) => `${r.term} (${r.field})`).join(', ')}`;
}

export interface IndexEntry { id: string; topic: CompiledTopic }

/** Matches a day's papers against many subscriptions at once (indexed by term). */
export class TopicIndex {
  constructor(readonly entries: IndexEntry[]) {}
  /** subscription id → matching papers with why, for every subscription with a match */
  match(_papers: Paper[]): Map<string, { paper: Paper; why: MatchReason[] }[]> {
    throw new Error('not implemented yet');
  }
}
