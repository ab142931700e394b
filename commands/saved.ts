import { z } from 'zod';
import { callerTarget } from '../src/caller.js';
import { defineCommand, flagArg, intArg } from '../src/command.js';
import { exportReply } from '../src/cite/export.js';
import { count, pastLastPage } from '../src/count.js';
import { displayDate } from '../src/papers/days.js';
import { paginate } from '../src/papers/query.js';
import { rich, type Reply, type Text } from '../src/reply.js';
import { listName, SAVED_PER_PLACE, savedAsCitable, savedCommand } from '../src/saved.js';

/** Entries per page: a screenful of one-line entries. */
export const SAVED_PER_PAGE = 10;

export const saved = defineCommand({
  name: 'saved',
  summary: 'Your reading list (or this channel’s with `here`), numbered; export=bibtex|ris cites all of it',
  usage: 'saved [page=N] [export=bibtex|ris] [here]',
  examples: ['saved', 'saved page=2', 'saved export=bibtex', 'saved export=ris here'],
  flags: ['here'],
  args: z.object({
    page: intArg('Page number', 1, 1000).prefault(1),
    export: z
      .enum(['bibtex', 'ris'], { error: 'must be "bibtex" (LaTeX) or "ris" (Zotero, Mendeley, EndNote)' })
      .optional()
      .describe('The whole list as citations: bibtex for LaTeX, ris for Zotero, Mendeley or EndNote'),
    here: flagArg("This channel's reading list instead of yours"),
  }),
  // Reading a channel's list needs no rights; changing it does (save/unsave).
  scope: 'personal',
  answers: 'private',
  async run({ args, caller, services, commandText }) {
    const target = callerTarget(caller, args.here === true);
    const cmd = (text: string) => savedCommand(caller, target, text);
    const title = target.kind === 'channel' ? "This channel's reading list" : 'Your reading list';
    const list = await services.store.saved.list(target);
    if (list.length === 0) {
      return {
        title,
        lines: [
          rich`Nothing is on ${listName(target)} yet. Save a paper with ${cmd('save 2608.19880')}, or with the Save button under any paper Paperboy shows.`,
        ],
        visibility: 'private',
      };
    }
    if (args.export) {
      return exportReply(list.map(savedAsCitable), args.export, {
        title: `${title} · ${count(list.length, 'paper')} · ${args.export === 'bibtex' ? 'BibTeX' : 'RIS'}`,
        filename: target.kind === 'channel' ? 'paperboy-channel-reading-list' : 'paperboy-reading-list',
      });
    }
    const page = paginate(list, args.page, SAVED_PER_PAGE);
    const offset = (page.page - 1) * SAVED_PER_PAGE;
    const lines: Text[] = page.items.map((s, i) => {
      const when = displayDate(s.savedAt.slice(0, 10));
      return `#${offset + i + 1}  ${s.paper.title} · ${s.paper.id} · saved ${when}`;
    });
    lines.push(
      rich`${list.length} of at most ${SAVED_PER_PLACE}. Remove one with ${cmd('unsave #n')}; cite them all with ${cmd('saved export=bibtex')} (or export=ris for Zotero).`,
    );
    const reply: Reply = {
      title,
      lines,
      paging: { page: page.page, pages: page.pages, total: page.total, command: commandText },
      visibility: 'private',
    };
    if (page.page < args.page) reply.notices = [pastLastPage(page.pages)];
    return reply;
  },
});
