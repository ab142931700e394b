import { callerTarget, type Caller, type Target } from './caller.js';
import type { Services } from './command.js';
import type { CitablePaper } from './cite/paper.js';
import { PaperboyError } from './errors.js';
import { paperNotFound } from './coverage.js';
import { commandFor } from './hints.js';
import { staleNotice } from './list-reply.js';
import { parsePaperRef } from './paper-ref.js';
import type { Paper } from './papers/paper.js';
import type { SavedPaper, SavedPaperSnapshot } from './store/store.js';
import { code, rich, type Inline } from './reply.js';

/**
 * What the reading-list commands (save, saved, unsave), the Save buttons and the "for
 * you" order share: the per-place limit, what of a paper is kept, how "#3" or an id
 * finds an entry, and how a place is named in a sentence.
 */

/** Per place: a long reading list (a year of a journal club), still one export and one small file. */
export const SAVED_PER_PLACE = 500;
/** An abstract is ~1,500 characters; the bound only guards odd input (it feeds "for you" and RIS). */
const SUMMARY_MAX = 4000;
const AUTHORS_MAX = 200;

/** The paper as the reading list keeps it: enough to list, cite and compare without asking Hugging Face again. */
export function snapshotOf(paper: Paper): SavedPaperSnapshot {
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors.slice(0, AUTHORS_MAX),
    publishedAt: paper.publishedAt,
    summary: paper.summary.slice(0, SUMMARY_MAX),
    upvotes: Math.max(0, Math.round(paper.upvotes)),
    ...(paper.aiKeywords?.length ? { aiKeywords: paper.aiKeywords.slice(0, 50) } : {}),
    ...(paper.day ? { day: paper.day } : {}),
  };
}

/** A saved paper as the ranker and the citation code take it. */
export const savedAsPaper = (s: SavedPaper): Paper => ({ ...s.paper });
export const savedAsCitable = (s: SavedPaper): CitablePaper => ({ ...s.paper });

/** The paper id a person typed (an id or an arxiv.org / huggingface.co link), or a message saying what works. */
export function paperIdOrThrow(text: string, example: string): string {
  const id = parsePaperRef(text);
  if (!id) {
    throw new PaperboyError(
      'bad_input',
      rich`"${text.trim().slice(0, 60)}" is not an arXiv id or paper link. Try ${code(example)} (an id like 2608.19880, or an arxiv.org / huggingface.co/papers link).`,
    );
  }
  return id;
}

/** A paper already seen comes from the search index; otherwise Hugging Face is asked. Not found: a PaperboyError. */
export async function findPaper(services: Services, id: string): Promise<{ paper: Paper; notices: string[] }> {
  const known = services.search?.get(id);
  if (known) return { paper: known, notices: [] };
  const fetched = await services.papers.paper(id);
  if (!fetched.value) throw paperNotFound(services.papers, id);
  return { paper: fetched.value, notices: staleNotice(fetched) };
}

/** The entry a person means by "#3", "3", an id or a link; undefined if none. */
export function findSaved(list: readonly SavedPaper[], ref: string): SavedPaper | undefined {
  const number = /^#?\s*(\d{1,4})$/.exec(ref.trim());
  if (number) return list[Number(number[1]) - 1];
  const id = parsePaperRef(ref);
  return id ? list.find((s) => s.paper.id === id) : undefined;
}

/** "your reading list" or "this channel's reading list" */
export const listName = (target: Target): string =>
  target.kind === 'channel' ? "this channel's reading list" : 'your reading list';

/** The same command for the place meant (`/papers saved here`, `/papers-channel saved`, …). */
export const savedCommand = (caller: Caller, target: Target, text: string): Inline =>
  code(commandFor(caller, text, target.kind === 'channel'));

/** A title inside a sentence, kept short. */
export const quoteTitle = (title: string): string => {
  const t = title.replace(/\s+/g, ' ').trim();
  return `“${t.length > 120 ? `${t.slice(0, 119)}…` : t}”`;
};

/**
 * The papers a list's `sort=foryou` ranks against: the asker's own reading list (the
 * reply may show in a channel, but the order is the asker's). Undefined for any other sort.
 */
export async function savedForYou(ctx: {
  args: { sort?: string | undefined };
  caller: Caller;
  services: Services;
}): Promise<Paper[] | undefined> {
  if (ctx.args.sort !== 'foryou') return undefined;
  return (await ctx.services.store.saved.list(callerTarget(ctx.caller, false))).map(savedAsPaper);
}
