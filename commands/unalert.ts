import { z } from 'zod';
import { code, rich } from '../src/reply.js';
import { callerTarget } from '../src/caller.js';
import { POLL_NOTE } from '../src/alerts/describe.js';
import { findAlert, describeAlert } from '../src/alerts/describe.js';
import { defineCommand, flagArg, textArg } from '../src/command.js';
import { count } from '../src/count.js';
import { PaperboyError } from '../src/errors.js';
import { commandFor } from '../src/hints.js';
import { excerpt } from '../src/input.js';
import { describeTarget, showTopic } from '../src/subscriptions.js';

export const unalert = defineCommand({
  name: 'unalert',
  summary: 'Stop an alert, by its topic or its number from `alerts`',
  usage: 'unalert <topic or #n> [here]',
  examples: ['unalert #2', 'unalert grokking', 'unalert #1 here'],
  notes: [POLL_NOTE],
  positional: 'topic',
  flags: ['here'],
  args: z.object({
    topic: textArg('The topic as you set it, or its number (#2) from /papers alerts', 1000),
    here: flagArg("This channel's alerts instead of yours (needs channel-admin rights)"),
  }),
  scope: 'channel',
  answers: 'private',
  async run({ args, caller, services }) {
    const target = callerTarget(caller, args.here === true);
    const channel = target.kind === 'channel';
    const cmd = (text: string) => code(commandFor(caller, text, channel));
    const list = await services.store.alerts.list(target);
    if (list.length === 0) {
      throw new PaperboyError(
        'not_found',
        rich`${channel ? 'This channel has' : 'You have'} no alerts, so there is nothing to remove. Set one with ${cmd('alert <topic>')}.`,
      );
    }
    const found = findAlert(list, args.topic);
    if (!found) {
      const numbered = /^#?\s*\d+$/.test(args.topic.trim());
      throw new PaperboyError(
        'not_found',
        numbered
          ? rich`There is no alert ${excerpt(args.topic.trim(), 12)}: ${channel ? 'this channel has' : 'you have'} ${list.length} (#1–#${list.length}). See them with ${cmd('alerts')}.`
          : rich`${channel ? 'This channel has' : 'You have'} no alert for ${showTopic(args.topic)}. See the list with ${cmd('alerts')}, and remove one by number, e.g. ${cmd('unalert #1')}.`,
      );
    }
    // Gone already (a double-submitted command): the answer is the same.
    await services.store.alerts.remove(target, found.id);
    const left = list.length - 1;
    return {
      title: 'Alert removed',
      lines: [
        rich`${showTopic(found.topic)} (${describeAlert(found)}) no longer comes to ${describeTarget(target)}.`,
        left === 0 ? 'No alerts left.' : `${count(left, 'alert')} left; numbers after it moved up by one.`,
      ],
      visibility: channel ? 'public' : 'private',
    };
  },
});
