/**
 * What goes into one digest: the list's papers, filtered by the target's topics (each
 * kept paper says why it matched), then min_upvotes, then papers this target already got
 * in the last 30 days are dropped, then the top N by upvotes. Pure apart from the
 * topic compiler; the fan-out fetches the inputs and fixes the chosen ids in the ledger.
 */
import type { Logger } from '../logger.js';
import { toCard } from '../papers/cards.js';
import { addDays } from '../papers/days.js';
import { displayList, isWeekKey, listStartDay } from './lists.js';
import type { Paper } from '../papers/paper.js';
import { sortPapers } from '../papers/query.js';
import type { PaperCard } from '../reply.js';
import type { Subscription } from '../store/store.js';
import { compileTopic, formatWhy, TopicIndex, type CompiledTopic, type MatchReason } from '../topics/index.js';
import { orderForYou } from './foryou.js';
import type { DigestHeader } from './sink.js';

/** A paper is not sent to the same place twice within this many days. */
export const REPEAT_WINDOW_DAYS = 30;

/** The first list date the no-repeat rule reads for a list (a week counts from its Monday). */
export const repeatWindowStart = (listDate: string): string => addDays(listStartDay(listDate), -REPEAT_WINDOW_DAYS);
const THREAD_NAME_MAX = 100;

export interface DigestSettings {
  top: number;
  minUpvotes: number;
  /** foryou: by the place's saved papers (foryou.ts); absent: most upvoted first */
  rank?: 'upvotes' | 'foryou';
}

export interface ChosenPaper {
  paper: Paper;
  /** "matched: ..." when topics chose it */
  why?: string;
}

export interface DigestSelection {
  listDate: string;
  /** Papers on the list */
  listSize: number;
  /** Papers left after topics and min_upvotes (before the repeat filter and top N) */
  candidates: number;
  chosen: ChosenPaper[];
  /** Set when nothing is left to send: why the digest is skipped */
  emptyReason?: string;
  topics: string[];
  /** Why rank=foryou fell back to upvotes (fewer than 3 saved papers) */
  rankNote?: string;
}

/** Compile the target's topics once; a stored topic that no longer compiles is logged and ignored. */
export function compileTopics(subscriptions: readonly Subscription[], logger: Logger): CompiledTopic[] {
  const compiled: CompiledTopic[] = [];
  for (const sub of subscriptions) {
    try {
      compiled.push(compileTopic(sub.topic));
    } catch (err) {
      logger.warn('digest: ignoring a topic that does not compile', { topic: sub.topic, error: String(err) });
    }
  }
  return compiled;
}

/**
 * One TopicIndex per compiled topic list (compileTopics makes a fresh list per place and
 * delivery), so a delivery's selection and its cards share one index.
 */
const indexes = new WeakMap<readonly CompiledTopic[], TopicIndex>();
function indexFor(topics: readonly CompiledTopic[]): TopicIndex {
  let index = indexes.get(topics);
  if (!index) {
    index = new TopicIndex(topics.map((topic, n) => ({ id: String(n), topic })));
    indexes.set(topics, index);
  }
  return index;
}

/**
 * Why each paper matches any of the topics ("matched: …"), for the papers that match.
 * Matched through TopicIndex — the code the bench's topic row measures — which gives
 * exactly what each topic's own match() gives; reasons are merged in topic order.
 */
export function matchPapers(papers: readonly Paper[], topics: readonly CompiledTopic[]): Map<Paper, string> {
  const out = new Map<Paper, string>();
  if (topics.length === 0 || papers.length === 0) return out;
  const hits = indexFor(topics).match(papers);
  const reasons = new Map<Paper, MatchReason[]>();
  topics.forEach((_, n) => {
    for (const hit of hits.get(String(n)) ?? []) {
      let list = reasons.get(hit.paper);
      if (!list) reasons.set(hit.paper, (list = []));
      for (const r of hit.why) {
        if (!list.some((x) => x.term === r.term && x.field === r.field)) list.push(r);
      }
    }
  });
  for (const [paper, list] of reasons) out.set(paper, list.length > 0 ? formatWhy(list) : 'matched your topics');
  return out;
}

/** Why a paper matches any of the topics, or undefined when none matches. */
export const matchTopics = (paper: Paper, topics: readonly CompiledTopic[]): string | undefined =>
  matchPapers([paper], topics).get(paper);

export function selectDigest(input: {
  listDate: string;
  papers: readonly Paper[];
  settings: DigestSettings;
  topics: readonly CompiledTopic[];
  /** Paper ids this target received within the repeat window */
  recentlySent: ReadonlySet<string>;
  /** The place's saved papers, for rank=foryou */
  saved?: readonly Paper[];
}): DigestSelection {
  const { listDate, papers, settings, topics } = input;
  let pool: ChosenPaper[] = papers.map((paper) => ({ paper }));
  if (topics.length > 0) {
    const why = matchPapers(papers, topics);
    pool = pool.flatMap(({ paper }) => (why.has(paper) ? [{ paper, why: why.get(paper)! }] : []));
  }
  pool = pool.filter(({ paper }) => paper.upvotes >= settings.minUpvotes);
  const candidates = pool.length;
  const fresh = pool.filter(({ paper }) => !input.recentlySent.has(paper.id));
  const whyOf = new Map(fresh.map((c) => [c.paper.id, c.why]));
  const forYou = settings.rank === 'foryou' ? orderForYou(fresh, input.saved ?? []) : undefined;
  const chosen = (
    forYou?.ordered ??
    sortPapers(
      fresh.map((c) => c.paper),
      'top',
    ).map((paper) => (whyOf.get(paper.id) ? { paper, why: whyOf.get(paper.id)! } : { paper }))
  ).slice(0, Math.max(0, settings.top));
  const selection: DigestSelection = {
    listDate,
    listSize: papers.length,
    candidates,
    chosen,
    topics: topics.map((t) => t.source),
    ...(forYou?.note ? { rankNote: forYou.note } : {}),
  };
  if (chosen.length === 0) selection.emptyReason = emptyReason(selection, settings, fresh.length < candidates);
  return selection;
}

function emptyReason(s: DigestSelection, settings: DigestSettings, hadRepeats: boolean): string {
  const day = displayList(s.listDate);
  if (s.listSize === 0) return `The Daily Papers list for ${day} was empty.`;
  if (s.candidates > 0 && hadRepeats)
    return `Every paper for ${day} that fits was already sent here in the last ${REPEAT_WINDOW_DAYS} days.`;
  if (s.topics.length > 0)
    return `No paper on the ${day} list matched your topics with at least ${settings.minUpvotes} upvotes.`;
  return `No paper on the ${day} list had at least ${settings.minUpvotes} upvotes.`;
}

/** "Daily Papers · Fri 21 Aug 2026 · 17 papers, top 10" */
export function digestHeader(
  s: Pick<DigestSelection, 'listDate' | 'listSize' | 'candidates' | 'topics' | 'rankNote'>,
  shown: number,
): DigestHeader {
  const day = displayList(s.listDate);
  const count =
    s.topics.length > 0
      ? `${s.candidates} of ${s.listSize} papers match your topics${shown < s.candidates ? `, top ${shown}` : ''}`
      : `${s.listSize} papers${shown < s.listSize ? `, top ${shown}` : ''}`;
  const title = `${isWeekKey(s.listDate) ? 'Weekly' : 'Daily'} Papers · ${day} · ${count}`;
  const header: DigestHeader = { listDate: s.listDate, title, threadName: clip(title, THREAD_NAME_MAX) };
  const subtitle = [s.topics.length > 0 ? `Topics: ${s.topics.join(' · ')}` : undefined, s.rankNote].filter(Boolean);
  if (subtitle.length) header.subtitle = clip(subtitle.join(' — '), 300);
  return header;
}

/** Cards in posting order; rank is the place in this digest. */
export const digestCards = (chosen: readonly ChosenPaper[]): PaperCard[] =>
  chosen.map((c, i) => toCard(c.paper, i + 1, c.why));

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
