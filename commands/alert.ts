import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { code, rich } from '../src/reply.js';
import { callerTarget } from '../src/caller.js';
import { describeAlert, POLL_MINUTES, POLL_NOTE } from '../src/alerts/describe.js';
import {
  ALERT_POSTS_PER_PLACE_PER_POLL,
  ALERTS_PER_TARGET,
  alertZone,
  parseQuietHours,
} from '../src/alerts/settings.js';
import { defineCommand, flagArg, intArg, textArg } from '../src/command.js';
import { count } from '../src/count.js';
import { PaperboyError } from '../src/errors.js';
import { commandFor } from '../src/hints.js';
import type { Alert } from '../src/store/alert-types.js';
import { compileOrReply, describeTarget, normalizeTopicText, showTopic } from '../src/subscriptions.js';

export const alert = defineCommand({
  name: 'alert',
  summary: 'Post papers on a topic as they appear (checked every 5 minutes), by DM or with `here`',
  usage: 'alert <topic> [min_upvotes=N] [quiet=HH:MM-HH:MM] [tz=Europe/Berlin] [here]',
  examples: [
    'alert grokking',
    'alert "speculative decoding" min_upvotes=50',
    'alert org:meta agents quiet=22:00-08:00 tz=Europe/Berlin here',
  ],
  notes: [POLL_NOTE],
  positional: 'topic',
  flags: ['here'],
  args: z.object({
    // The topic parser enforces its own 200-character cap with a positioned message.
    topic: textArg('Words, "phrases", OR, NOT/-word, (groups), title:/author:/org:', 1000),
    min_upvotes: intArg(
      'Post once the paper has this many upvotes (default 0: as soon as it is listed)',
      0,
      100_000,
    ).optional(),
    quiet: z
      .string()
      .optional()
      .describe('Hours to hold alerts back, HH:MM-HH:MM local, e.g. 22:00-08:00; they come when quiet ends'),
    tz: z.string().optional().describe('IANA time zone for quiet hours, e.g. Europe/Berlin (default: yours)'),
    here: flagArg('This channel instead of your direct messages (needs channel-admin rights)'),
  }),
  scope: 'channel',
  answers: 'private',
  async run({ args, caller, services }) {
    const forChannel = args.here === true && !caller.isDirectMessage;
    const cmd = (text: string) => code(commandFor(caller, text, forChannel));
    // "alert off #2" reads like a removal; say where that lives instead of alerting on "off".
    if (/^(off|stop|remove|delete)(\s+#?\d{1,3})?$/i.test(args.topic)) {
      const n = /\d+/.exec(args.topic)?.[0] ?? 'n';
      throw new PaperboyError(
        'bad_input',
        rich`To stop an alert, use ${cmd(`unalert #${n}`)} (numbers from ${cmd('alerts')}), or ${cmd('unalert <topic>')}.`,
      );
    }
    const target = callerTarget(caller, args.here === true);
    const compiled = compileOrReply(args.topic);
    if ('reply' in compiled) return compiled.reply;
    const quiet = args.quiet !== undefined ? parseQuietHours(args.quiet) : undefined;
    const record: Alert = {
      id: randomUUID(),
      target,
      topic: args.topic,
      key: normalizeTopicText(args.topic),
      minUpvotes: args.min_upvotes ?? 0,
      timezone: alertZone(args.tz, caller.timezone),
      ...(quiet ? { quiet } : {}),
      createdBy: caller.userId,
      createdAt: services.now().toISOString(),
    };
    const added = await services.store.alerts.add(record, ALERTS_PER_TARGET);
    const place = target.kind === 'channel' ? 'This channel' : 'You';
    if (added.outcome === 'duplicate') {
      throw new PaperboyError(
        'duplicate',
        rich`${place} already ${target.kind === 'channel' ? 'has' : 'have'} an alert for ${showTopic(added.existing.topic)} (#${added.position}: ${describeAlert(added.existing)}), so nothing changed. To change it, remove it with ${cmd(`unalert #${added.position}`)} and set it again.`,
      );
    }
    if (added.outcome === 'limit_reached') {
      throw new PaperboyError(
        'limit_reached',
        rich`${place} ${target.kind === 'channel' ? 'has' : 'have'} ${added.count} alerts, the most Paperboy keeps for one place. Remove one first with ${cmd('unalert #n')} (numbers from ${cmd('alerts')}), or combine topics with OR.`,
      );
    }
    const lines = [
      rich`Alert #${added.position} of at most ${ALERTS_PER_TARGET}: papers matching ${showTopic(args.topic)} come to ${describeTarget(target)} one at a time, each once, with why it matched.`,
      `When: ${describeAlert(added.alert)}${quiet ? ' (what comes up in quiet hours is posted when they end)' : ''}.`,
      `Paperboy checks the list still filling on Hugging Face every ${POLL_MINUTES} minutes.`,
    ];
    const notices: string[] = [];
    // A taste of what it will bring now; the alert must not fail because upstream is slow.
    try {
      const today = services.papers.today(services.now());
      const papers = (await services.papers.day(today)).value;
      const hits = papers.filter((p) => compiled.topic.match(p).matched);
      const ready = hits.filter((p) => p.upvotes >= record.minUpvotes).length;
      lines.push(
        hits.length === 0
          ? "Nothing on today's list matches yet."
          : `On today's list, ${count(hits.length, 'paper')} ${hits.length === 1 ? 'matches' : 'match'}${ready < hits.length ? ` (${ready} with enough upvotes so far)` : ''}; ${ready === 0 ? 'each comes once it has enough upvotes' : ready <= ALERT_POSTS_PER_PLACE_PER_POLL ? `they arrive within ${POLL_MINUTES} minutes` : `they arrive ${ALERT_POSTS_PER_PLACE_PER_POLL} every ${POLL_MINUTES} minutes, most upvoted first`}.`,
      );
    } catch (e) {
      services.logger.warn('alert: could not look at today’s list', { error: (e as Error).message });
      notices.push("Couldn't look at today's list: Hugging Face isn't answering right now. The alert is set.");
    }
    lines.push(rich`See your alerts with ${cmd('alerts')}.`);
    return {
      title: 'Alert set',
      lines,
      ...(notices.length ? { notices } : {}),
      visibility: target.kind === 'channel' ? 'public' : 'private',
    };
  },
});
