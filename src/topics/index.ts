/**
 * Topics: the subscription query language. Compile a topic once, then match papers and
 * say why.
 *
 *   const topic = compileTopic('org:meta (llm OR agent) -survey');   // throws TopicSyntaxError
 *   const { matched, why } = topic.match(paper);
 *   formatWhy(why)  // "matched: meta (org), llm (title, abstract)"
 *   new TopicIndex([{ id, topic }, ...]).match(papersOfTheDay)        // many × many, fast
 *
 * Language (see parser.ts): words, "quoted phrases", implicit AND, OR, NOT or a leading
 * -, parentheses, and fields title:, abstract:, keywords:, author:, org:. Operators are
 * upper case; a lower-case "or"/"not" is refused with a hint, a lower-case "and" is
 * ignored (AND is implicit). At most 200 characters, 20 terms, 5 levels of parentheses.
 *
 * Matching (see normalize.ts): bare terms look in title, abstract and ai_keywords;
 * case, accents, whitespace and dashes do not matter ("in context" = "in-context");
 * British and American spellings meet; word forms of one lemma meet ("generalization"
 * finds generalize, generalizes, generalizable, generalizability, generalisation,
 * generalizing, generalized) while different words stay apart (not generation,
 * generative, general, generality or generalist). Short tokens (ICL, RL, LLM) and
 * 4–5 letter capitals (AIME) are exact, case-insensitive tokens whose plural meets the
 * singular (LLMs = LLM); acronyms are not expanded. Phrases match consecutive words
 * within one clause (and within one keyword). Author and organisation names are
 * compared as folded words, without stemming.
 *
 * Scale: compile each topic once; TopicIndex matches a day's papers against many topics
 * (bench/topic-matching.ts: 100,000 topics × 50 papers). Papers are tokenised once and
 * cached per paper object (a WeakMap), so treat papers as immutable.
 */
import type { Paper } from '../papers/paper.js';
import type { MatchReason } from './match.js';
import { evaluate, tidyReasons, viewOf } from './match.js';
import type { TopicNode } from './parser.js';
import { parseTopic } from './parser.js';

export type { MatchField, MatchReason } from './match.js';
export { TopicSyntaxError, TOPIC_LIMITS } from './parser.js';
export type { TopicNode, TermField } from './parser.js';
export { TopicIndex } from './topic-index.js';
export type { IndexEntry, IndexHit, IndexableTopic } from './topic-index.js';

/** The result of matching one paper: `why` is empty exactly when `matched` is false. */
export interface TopicMatch {
  matched: boolean;
  why: MatchReason[];
}

/** A parsed topic, ready to match any number of papers. */
export interface CompiledTopic {
  /** The topic as typed */
  readonly source: string;
  /**
   * The syntax tree, which TopicIndex indexes by. Always set by compileTopic; optional
   * so tests can hand-build a topic (the index then checks it against every paper).
   */
  readonly tree?: TopicNode;
  /**
   * Whether the paper matches, and which terms hit in which fields: deduplicated,
   * terms in topic order, fields as title, abstract, keywords, author, org. OR lists
   * only the branches that hit; NOT contributes nothing.
   */
  match(paper: Paper): TopicMatch;
}

/**
 * Parses a topic once. Throws TopicSyntaxError (a PaperboyError with code `bad_input`)
 * whose message says what is wrong and where ("unbalanced quote at character 14") and
 * whose `position` is that 1-based character.
 */
export function compileTopic(text: string): CompiledTopic {
  const tree = parseTopic(text);
  return {
    source: text,
    tree,
    match(paper: Paper): TopicMatch {
      const why = evaluate(tree, viewOf(paper));
      return why ? { matched: true, why: tidyReasons(why) } : { matched: false, why: [] };
    },
  };
}

/**
 * One line for replies: "matched: generalization (title, abstract), OOD (keywords)".
 * Fields of the same term are grouped; terms keep the order of `why`.
 */
export function formatWhy(why: readonly MatchReason[]): string {
  const fields = new Map<string, string[]>();
  for (const r of why) {
    const list = fields.get(r.term);
    if (!list) fields.set(r.term, [r.field]);
    else if (!list.includes(r.field)) list.push(r.field);
  }
  return `matched: ${[...fields].map(([term, f]) => `${term} (${f.join(', ')})`).join(', ')}`;
}
