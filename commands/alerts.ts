import { z } from 'zod';
import { code, rich, type RichText, type Text } from '../src/reply.js';
import { describeAlert, POLL_NOTE } from '../src/alerts/describe.js';
import { ALERTS_PER_TARGET } from '../src/alerts/settings.js';
import { callerTarget } from '../src/caller.js';
import { defineCommand, flagArg } from '../src/command.js';
import { commandFor } from '../src/hints.js';

export const alerts = defineCommand({
  name: 'alerts',
  summary: 'Your alerts (or this channel’s with `here`), numbered, with their options',
  usage: 'alerts [here]',
  examples: ['alerts', 'alerts here'],
  notes: [POLL_NOTE],
  flags: ['here'],
  args: z.object({ here: flagArg("This channel's alerts instead of yours") }),
  // Reading a channel's alerts needs no rights; changing them does (alert/unalert).
  scope: 'personal',
  answers: 'private',
  async run({ args, caller, services }) {
    const target = callerTarget(caller, args.here === true);
    const channel = target.kind === 'channel';
    const cmd = (text: string) => code(commandFor(caller, text, channel));
    const title = channel ? "This channel's alerts" : 'Your alerts';
    const list = await services.store.alerts.list(target);
    if (list.length === 0) {
      return {
        title,
        lines: [
          rich`${channel ? 'This channel has' : 'You have'} no alerts yet. Try ${cmd('alert "speculative decoding" min_upvotes=20')}: matching papers then come as soon as they appear.`,
          POLL_NOTE,
        ],
        visibility: 'private',
      };
    }
    const lines: Text[] = list.map((a, i) => `#${i + 1}  ${a.topic} — ${describeAlert(a)}`);
    const notices = list
      .map((a, i) =>
        a.disabled
          ? rich`#${i + 1} stopped on ${a.disabled.at.slice(0, 10)}: Paperboy could not post here (${a.disabled.reason}). Give it access again, then remove it with ${cmd(`unalert #${i + 1}`)} and set it again.`
          : undefined,
      )
      .filter((n): n is RichText => n !== undefined);
    lines.push(rich`${list.length} of at most ${ALERTS_PER_TARGET}. Remove one with ${cmd('unalert #n')}.`, POLL_NOTE);
    return { title, lines, ...(notices.length ? { notices } : {}), visibility: 'private' };
  },
});
