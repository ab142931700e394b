import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { defineCommand, flagArg, textArg } from '../src/command.js';
import { count } from '../src/count.js';
import { PaperboyError } from '../src/errors.js';
import { callerTarget } from '../src/caller.js';
import { commandFor } from '../src/hints.js';
import {
  compileOrReply,
  countMatches,
  describeSpan,
  describeTarget,
  normalizeTopicText,
  recentPapers,
  showTopic,
  TOPICS_PER_TARGET,
} from '../src/subscriptions.js';
import { type Text, code, rich } from '../src/reply.js';

export const subscribe = defineCommand({
  name: 'subscribe',
  summary: 'Follow a topic: matching papers come to you by DM, or to this channel with `here`',
  examples: [
    'subscribe grokking',
    'subscribe "in-context learning" OR ICL',
    'subscribe diffusion video -survey here',
    'subscribe author:"Yann LeCun"',
  ],
  positional: 'topic',
  flags: ['here'],
  args: z.object({
    // The topic parser enforces its own 200-character cap with a positioned message.
    topic: textArg('Words, "phrases", OR, NOT/-word, (groups), title:/author:/org:', 1000),
    here: flagArg('This channel instead of your direct messages (needs channel-admin rights)'),
  }),
  scope: 'channel',
  answers: 'private',
  async run({ args, caller, services }) {
    const target = callerTarget(caller, args.here === true);
    const compiled = compileOrReply(args.topic);
    if ('reply' in compiled) return compiled.reply;

    const forChannel = target.kind === 'channel';
    const added = await services.store.subscriptions.add(
      {
        id: randomUUID(),
        target,
        topic: args.topic,
        key: normalizeTopicText(args.topic),
        createdBy: caller.userId,
        createdAt: services.now().toISOString(),
      },
      TOPICS_PER_TARGET,
    );
    if (added.outcome === 'duplicate') {
      throw new PaperboyError(
        'duplicate',
        rich`${forChannel ? 'This channel already follows' : 'You already follow'} ${showTopic(added.existing.topic)} (#${added.position}), so nothing changed.`,
      );
    }
    if (added.outcome === 'limit_reached') {
      throw new PaperboyError(
        'limit_reached',
        rich`${forChannel ? 'This channel follows' : 'You follow'} ${added.count} topics, the most Paperboy keeps for one place. Remove one first with ${code(commandFor(caller, 'unsubscribe #n', forChannel))} (numbers from ${code(commandFor(caller, 'subscriptions', forChannel))}), or combine topics with OR.`,
      );
    }

    const lines: Text[] = [
      rich`Papers matching ${showTopic(args.topic)} will come to ${describeTarget(target)}. It is topic #${added.position} of at most ${TOPICS_PER_TARGET}.`,
    ];
    // Topics choose what a digest brings; without a running digest nothing arrives yet.
    const schedule = await services.store.digests.get(target);
    lines.push(
      schedule?.enabled && !schedule.disabled
        ? `They arrive with the digest at ${schedule.time} (${schedule.timezone}), ${schedule.days === 'daily' ? 'every day' : 'on weekdays'}.`
        : rich`No digest is running for ${target.kind === 'channel' ? 'this channel' : 'you'} yet, so nothing arrives until you start one: ${code(commandFor(caller, 'digest on', forChannel))}.`,
    );
    const notices: string[] = [];
    // A taste of what it will bring; a subscription must not fail because upstream is slow.
    try {
      const recent = await recentPapers(services);
      const hits = countMatches(args.topic, recent.papers) ?? 0;
      lines.push(
        rich`Over the last 7 days (${describeSpan(recent)}) it matched ${count(hits, 'paper')}. See them with ${code(`/papers preview ${args.topic}`)}.`,
      );
      notices.push(...recent.notices);
    } catch (e) {
      services.logger.warn('subscribe: could not count recent matches', { error: (e as Error).message });
    }
    return {
      title: 'Subscribed',
      lines,
      ...(notices.length ? { notices } : {}),
      // A channel's new subscription is news for the channel; a personal one is not.
      visibility: target.kind === 'channel' ? 'public' : 'private',
    };
  },
});
