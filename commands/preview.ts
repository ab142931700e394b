import { z } from 'zod';
import { defineCommand, intArg, textArg } from '../src/command.js';
import { count, plural } from '../src/count.js';
import { cardPage } from '../src/list-reply.js';
import { toCard } from '../src/papers/cards.js';
import { sortPapers } from '../src/papers/query.js';
import { compileOrReply, describeSpan, recentPapers, showTopic } from '../src/subscriptions.js';
import { formatWhy } from '../src/topics/index.js';
import { rich } from '../src/reply.js';

export const preview = defineCommand({
  name: 'preview',
  summary: 'What a topic would have matched over the last 7 days, with why',
  examples: ['preview grokking', 'preview "in-context learning" OR ICL', 'preview org:meta (llm OR agent)'],
  positional: 'topic',
  args: z.object({
    topic: textArg('Words, "phrases", OR, NOT/-word, (groups), title:/author:/org:', 1000),
    page: intArg('Page number', 1, 1000).prefault(1),
  }),
  scope: 'personal',
  answers: 'private',
  async run({ args, services, commandText }) {
    const compiled = compileOrReply(args.topic);
    if ('reply' in compiled) return compiled.reply;
    const recent = await recentPapers(services);
    const hits = sortPapers(recent.papers, 'top').flatMap((paper) => {
      const m = compiled.topic.match(paper);
      return m.matched ? [{ paper, why: formatWhy(m.why) }] : [];
    });
    const notices = recent.notices;
    const title = `Preview · ${args.topic}`;
    if (hits.length === 0) {
      return {
        title,
        lines: [
          rich`Nothing in the last 7 days (${describeSpan(recent)}, ${count(recent.papers.length, 'paper')}) matches ${showTopic(args.topic)}.`,
          'Topics look in titles, abstracts and keywords. Try a broader word, an OR, or fewer words.',
        ],
        ...(notices.length ? { notices } : {}),
        visibility: 'private',
      };
    }
    return {
      title,
      lines: [
        `${hits.length} of ${count(recent.papers.length, 'paper')} in the last 7 days (${describeSpan(recent)}) ${plural(hits.length, 'matches', 'match')}, most upvoted first.`,
      ],
      ...cardPage(hits, args.page, commandText, notices, (h, rank) => toCard(h.paper, rank, h.why)),
      ...(notices.length ? { notices } : {}),
      visibility: 'private',
    };
  },
});
