import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { code, rich } from '../src/reply.js';
import { callerTarget } from '../src/caller.js';
import { defineCommand, flagArg } from '../src/command.js';
import { PaperboyError } from '../src/errors.js';
import {
  findPaper,
  listName,
  paperIdOrThrow,
  quoteTitle,
  SAVED_PER_PLACE,
  savedCommand,
  snapshotOf,
} from '../src/saved.js';

export const save = defineCommand({
  name: 'save',
  summary: 'Put a paper on your reading list (or this channel’s with `here`), to list, cite and rank by',
  usage: 'save <id or link> [here]',
  examples: ['save 2608.19880', 'save https://huggingface.co/papers/2608.19880', 'save 2608.19880 here'],
  positional: 'id',
  flags: ['here'],
  args: z.object({
    id: z
      .string()
      .trim()
      .min(1, { error: 'needs an arXiv id such as 2608.19880, or a link to the paper' })
      .max(300, { error: 'is too long to be an arXiv id or a paper link' })
      .describe('arXiv id (2608.19880) or an arxiv.org / huggingface.co/papers link'),
    here: flagArg("This channel's reading list (a journal club) instead of yours (needs channel-admin rights)"),
  }),
  // Changing a channel's list needs the same rights as changing its subscriptions.
  scope: 'channel',
  answers: 'private',
  async run({ args, caller, services }) {
    const id = paperIdOrThrow(args.id, '/papers save 2608.19880');
    const target = callerTarget(caller, args.here === true);
    const cmd = (text: string) => savedCommand(caller, target, text);
    const { paper, notices } = await findPaper(services, id);
    const added = await services.store.saved.add(
      {
        id: randomUUID(),
        target,
        paper: snapshotOf(paper),
        savedBy: caller.userId,
        savedAt: services.now().toISOString(),
      },
      SAVED_PER_PLACE,
    );
    const visibility = target.kind === 'channel' ? 'public' : 'private';
    if (added.outcome === 'duplicate') {
      // Saving twice is not a mistake worth an error (a second click on Save): say where it is.
      return {
        title: 'Already saved',
        lines: [
          rich`${quoteTitle(paper.title)} is on ${listName(target)} already (#${added.position}), so nothing changed. See it with ${cmd('saved')}.`,
        ],
        visibility: 'private',
      };
    }
    if (added.outcome === 'limit_reached') {
      throw new PaperboyError(
        'limit_reached',
        rich`${listName(target)[0]!.toUpperCase()}${listName(target).slice(1)} holds ${added.count} papers, the most Paperboy keeps for one place, so ${paper.id} was not saved. Export it with ${cmd('saved export=bibtex')}, then make room with ${cmd('unsave #n')} (numbers from ${cmd('saved')}).`,
      );
    }
    return {
      title: 'Saved',
      lines: [
        `${quoteTitle(paper.title)} (${paper.id}) is #${added.position} on ${listName(target)}${target.kind === 'user' ? ' (only you see it)' : ''}, of at most ${SAVED_PER_PLACE}.`,
        rich`See it with ${cmd('saved')}, cite it with ${cmd('saved export=bibtex')}, and ${target.kind === 'user' ? rich`order lists by it with ${code('/papers today sort=foryou')}` : rich`rank this channel's digest by it with ${cmd('digest on rank=foryou')}`}.`,
      ],
      ...(notices.length ? { notices } : {}),
      visibility,
    };
  },
});
