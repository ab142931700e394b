import { z } from 'zod';
import { rich } from '../src/reply.js';
import { callerTarget } from '../src/caller.js';
import { defineCommand, flagArg } from '../src/command.js';
import { count } from '../src/count.js';
import { PaperboyError } from '../src/errors.js';
import { excerpt } from '../src/input.js';
import { parsePaperRef } from '../src/paper-ref.js';
import { findSaved, listName, quoteTitle, savedCommand } from '../src/saved.js';

export const unsave = defineCommand({
  name: 'unsave',
  summary: 'Take a paper off your reading list (or this channel’s with `here`), by id or its number',
  usage: 'unsave <id or #n> [here]',
  examples: ['unsave #2', 'unsave 2608.19880', 'unsave #1 here'],
  positional: 'ref',
  flags: ['here'],
  args: z.object({
    ref: z
      .string()
      .trim()
      .min(1, { error: 'needs a number from /papers saved (#2) or an arXiv id' })
      .max(300, { error: 'is too long: give a number (#2) or an arXiv id' })
      .describe('Its number from /papers saved (#2), or its arXiv id or link'),
    here: flagArg("This channel's reading list instead of yours (needs channel-admin rights)"),
  }),
  scope: 'channel',
  answers: 'private',
  async run({ args, caller, services }) {
    const target = callerTarget(caller, args.here === true);
    const cmd = (text: string) => savedCommand(caller, target, text);
    const ref = args.ref.trim();
    const numbered = /^#?\s*\d{1,4}$/.test(ref);
    if (!numbered && !parsePaperRef(ref)) {
      throw new PaperboyError(
        'bad_input',
        rich`"${excerpt(ref, 60)}" is neither a number from ${cmd('saved')} nor an arXiv id. Try ${cmd('unsave #1')} or ${cmd('unsave 2608.19880')}.`,
      );
    }
    const list = await services.store.saved.list(target);
    const entry = findSaved(list, ref);
    if (!entry) {
      const Name = `${listName(target)[0]!.toUpperCase()}${listName(target).slice(1)}`;
      throw new PaperboyError(
        'not_found',
        list.length === 0
          ? `${Name} is empty, so there is nothing to remove.`
          : numbered
            ? rich`There is no ${excerpt(ref, 12)} on ${listName(target)}: it holds ${list.length} (#1–#${list.length}). See them with ${cmd('saved')}.`
            : rich`${parsePaperRef(ref) ?? ref} is not on ${listName(target)}. See the list with ${cmd('saved')}, and remove one by number, e.g. ${cmd('unsave #1')}.`,
      );
    }
    // Gone already (a double-submitted command): the answer is the same.
    await services.store.saved.remove(target, entry.id);
    const left = list.length - 1;
    return {
      title: 'Removed from the reading list',
      lines: [
        `${quoteTitle(entry.paper.title)} (${entry.paper.id}) is off ${listName(target)}.`,
        left === 0 ? 'Nothing is left on it.' : `${count(left, 'paper')} left; numbers after it moved up by one.`,
      ],
      visibility: target.kind === 'channel' ? 'public' : 'private',
    };
  },
});
