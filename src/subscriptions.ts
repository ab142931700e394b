import type { Target } from './caller.js';
import type { Services } from './command.js';
import { staleNotice } from './list-reply.js';
import { addDays, displayDate } from './papers/days.js';
import type { Paper } from './papers/paper.js';
import { dedupeById } from './papers/query.js';
import type { Fetched } from './papers/source.js';
import { type Inline, type Reply, code, errorReply } from './reply.js';
import type { Subscription } from './store/store.js';
import { normalizeTopicText } from './topics/topic-key.js';
import { compileTopic, TopicSyntaxError, type CompiledTopic } from './topics/index.js';

/**
 * What the four subscription commands (subscribe, unsubscribe, subscriptions, preview)
 * share: limits, how topics are compared, how a parse error is shown, and "the last 7
 * days" of papers that hit counts and previews are measured on.
 */

/** Per place (a channel, or one person's DMs): enough to be useful, few enough to read. */
export const TOPICS_PER_TARGET = 25;
export const RECENT_DAYS = 7;

export { normalizeTopicText };

/**
 * Compile a topic typed by a person. A syntax error becomes an error Reply that shows
 * the message (with its position) and the topic with a marker at that character.
 */
export function compileOrReply(text: string): { topic: CompiledTopic } | { reply: Reply } {
  try {
    return { topic: compileTopic(text) };
  } catch (e) {
    if (!(e instanceof TopicSyntaxError)) throw e;
    const chars = [...text];
    const at = Math.max(0, Math.min(chars.length, e.position - 1));
    const marked = `${chars.slice(0, at).join('')}▸${chars.slice(at).join('')}`;
    return {
      reply: errorReply('bad_input', `That topic can't be read: ${e.message}.`, [
        `Topic: ${marked.length > 240 ? `${marked.slice(0, 239)}…` : marked}`,
        'Topics use words, "quoted phrases", OR, NOT or -word, (groups), and title:, author:, org: — e.g. "in-context learning" OR ICL',
      ]),
    };
  }
}

/** A topic inside a sentence: as code, so its own quotes read as part of it. */
export const showTopic = (topic: string): Inline => code(topic.slice(0, 200));

/** "you (by direct message)" or "this channel" */
export const describeTarget = (target: Target): string =>
  target.kind === 'channel' ? 'this channel' : 'you (by direct message)';

/** The subscription a person means by "#3", "3" or the topic text; undefined if none. */
export function findSubscription(subs: readonly Subscription[], ref: string): Subscription | undefined {
  const number = /^#?\s*(\d{1,3})$/.exec(ref.trim());
  if (number) return subs[Number(number[1]) - 1];
  const wanted = normalizeTopicText(ref);
  return subs.find((s) => normalizeTopicText(s.topic) === wanted);
}

export interface RecentPapers {
  papers: Paper[];
  /** First and last day looked at, YYYY-MM-DD */
  from: string;
  to: string;
  notices: string[];
}

/** Every paper on the source's last 7 daily lists (today included), each once. */
export async function recentPapers(services: Services): Promise<RecentPapers> {
  const to = services.papers.today(services.now());
  const from = addDays(to, -(RECENT_DAYS - 1));
  const days = Array.from({ length: RECENT_DAYS }, (_, i) => addDays(from, i));
  const fetched: Fetched<Paper[]>[] = await Promise.all(days.map((d) => services.papers.day(d)));
  const notices = [...new Set(fetched.flatMap(staleNotice))];
  return { papers: dedupeById(fetched.flatMap((f) => f.value)), from, to, notices };
}

export const describeSpan = (r: RecentPapers): string => `${displayDate(r.from)} – ${displayDate(r.to)}`;

/** How many of `papers` a topic matches; a stored topic that no longer compiles counts as undefined. */
export function countMatches(topicText: string, papers: readonly Paper[]): number | undefined {
  let topic: CompiledTopic;
  try {
    topic = compileTopic(topicText);
  } catch {
    return undefined;
  }
  return papers.reduce((n, p) => n + (topic.match(p).matched ? 1 : 0), 0);
}
