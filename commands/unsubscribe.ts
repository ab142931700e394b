import { z } from 'zod';
import { defineCommand, flagArg, textArg } from '../src/command.js';
import { count } from '../src/count.js';
import { PaperboyError } from '../src/errors.js';
import { commandFor } from '../src/hints.js';
import { excerpt } from '../src/input.js';
import { callerTarget } from '../src/caller.js';
import { describeTarget, findSubscription, showTopic } from '../src/subscriptions.js';
import { code, rich } from '../src/reply.js';

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  summary: 'Stop following a topic, by its text or its number from `subscriptions`',
  examples: ['unsubscribe #2', 'unsubscribe grokking', 'unsubscribe #1 here'],
  positional: 'topic',
  flags: ['here'],
  args: z.object({
    topic: textArg('The topic as you subscribed it, or its number (#2) from /papers subscriptions', 1000, {
      completes: 'own-topics',
    }).meta({ usage: 'topic or #n' }),
    here: flagArg("This channel's topics instead of yours (needs channel-admin rights)"),
  }),
  scope: 'channel',
  answers: 'private',
  async run({ args, caller, services }) {
    const target = callerTarget(caller, args.here === true);
    // Look up and remove under the per-target lock, so a concurrent subscribe or
    // unsubscribe cannot renumber the list between the two.
    const { sub, subs } = await (async () => {
      const subs = await services.store.subscriptions.list(target);
      const cmd = (text: string) => commandFor(caller, text, target.kind === 'channel');
      if (subs.length === 0) {
        throw new PaperboyError(
          'not_found',
          `${target.kind === 'channel' ? 'This channel follows' : 'You follow'} no topics, so there is nothing to remove.`,
        );
      }
      const sub = findSubscription(subs, args.topic);
      if (!sub) {
        const numbered = /^#?\s*\d+$/.test(args.topic.trim());
        throw new PaperboyError(
          'not_found',
          numbered
            ? rich`There is no topic ${excerpt(args.topic.trim(), 12)}: ${target.kind === 'channel' ? 'this channel follows' : 'you follow'} ${subs.length} (#1–#${subs.length}). See them with ${code(cmd('subscriptions'))}.`
            : rich`${target.kind === 'channel' ? 'This channel does not follow' : 'You do not follow'} ${showTopic(args.topic)}. See the list with ${code(cmd('subscriptions'))}, and remove one by number, e.g. ${code(cmd('unsubscribe #1'))}.`,
        );
      }
      // Gone already (a double-submitted command): the answer is the same.
      await services.store.subscriptions.remove(target, sub.id);
      return { sub, subs };
    })();
    const left = subs.length - 1;
    return {
      title: 'Unsubscribed',
      lines: [
        rich`${showTopic(sub.topic)} no longer comes to ${describeTarget(target)}.`,
        left === 0 ? 'No topics left.' : `${count(left, 'topic')} left; numbers after it moved up by one.`,
      ],
      visibility: target.kind === 'channel' ? 'public' : 'private',
    };
  },
});
