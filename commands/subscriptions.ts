import { z } from 'zod';
import { commandFor } from '../src/hints.js';
import { defineCommand, flagArg } from '../src/command.js';
import { count } from '../src/count.js';
import {
  countMatches,
  describeSpan,
  recentPapers,
  TOPICS_PER_TARGET,
  type RecentPapers,
} from '../src/subscriptions.js';
import { callerTarget } from '../src/caller.js';
import { type Text, code, rich } from '../src/reply.js';

export const subscriptions = defineCommand({
  name: 'subscriptions',
  summary: 'Your topics (or this channel’s with `here`), numbered, with matches over the last 7 days',
  examples: ['subscriptions', 'subscriptions here'],
  flags: ['here'],
  args: z.object({ here: flagArg("This channel's topics instead of yours") }),
  // Reading a channel's list needs no rights; changing it does (subscribe/unsubscribe).
  scope: 'personal',
  answers: 'private',
  async run({ args, caller, services }) {
    const target = callerTarget(caller, args.here === true);
    const channel = target.kind === 'channel';
    const subs = await services.store.subscriptions.list(target);
    if (subs.length === 0) {
      return {
        title: channel ? "This channel's topics" : 'Your topics',
        lines: [
          rich`${channel ? 'This channel follows' : 'You follow'} no topics yet. Try ${code(commandFor(caller, 'subscribe "in-context learning" OR ICL', channel))}, or see what a topic would bring with ${code('/papers preview grokking')}.`,
        ],
        visibility: 'private',
      };
    }
    let recent: RecentPapers | undefined;
    const notices: string[] = [];
    try {
      recent = await recentPapers(services);
      notices.push(...recent.notices);
    } catch (e) {
      // The list itself is still worth showing when Hugging Face is down.
      services.logger.warn('subscriptions: could not count recent matches', { error: (e as Error).message });
      notices.push("Match counts are missing: Hugging Face isn't answering right now.");
    }
    const lines: Text[] = subs.map((s, i) => {
      if (!recent) return `#${i + 1}  ${s.topic}`;
      const hits = countMatches(s.topic, recent.papers);
      const matched =
        hits === undefined ? 'no longer a valid topic; remove it and subscribe again' : count(hits, 'paper');
      return `#${i + 1}  ${s.topic} — ${matched}`;
    });
    if (recent) lines.push(`Counts cover the last 7 days of Daily Papers (${describeSpan(recent)}).`);
    lines.push(
      rich`${subs.length} of at most ${TOPICS_PER_TARGET}. Remove one with ${code(commandFor(caller, 'unsubscribe #n', channel))}.`,
    );
    return {
      title: channel ? "This channel's topics" : 'Your topics',
      lines,
      ...(notices.length ? { notices } : {}),
      visibility: 'private',
    };
  },
});
