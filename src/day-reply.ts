import { z } from 'zod';
import type { CommandContext } from './command.js';
import { checkCoverage } from './coverage.js';
import { PaperboyError } from './errors.js';
import { excerpt } from './input.js';
import { type ListArgs, listReply, sourceOptions } from './list-reply.js';
import { displayDate, isClosed, isWeekend, parseDate, previousWeekday } from './papers/days.js';
import { type Reply, code, rich } from './reply.js';
import { savedForYou } from './saved.js';

/** A `YYYY-MM-DD` argument that is a real calendar date ("2026-02-30" is not). */
export const dateArg = (description: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), {
      error: (i) => `"${excerpt(String(i.input))}" is not a date: use YYYY-MM-DD, e.g. 2026-08-19`,
      abort: true,
    })
    .refine((v) => parseDate(v) !== undefined, {
      error: (i) => `${excerpt(String(i.input))} is not a date on the calendar`,
    })
    .describe(description)
    .meta({ usage: 'YYYY-MM-DD' });

/** Refuse a day after the source's newest list, naming the newest one instead. */
export function refuseFuture(what: string, requested: string, today: string): void {
  if (requested > today) {
    throw new PaperboyError(
      'future_date',
      rich`${what} is in the future — the newest list is today's, ${displayDate(today)}. Try ${code('/papers today')}.`,
    );
  }
}

/**
 * The Daily Papers list for one day. Weekend days have no list, so they show the
 * Friday before, with a notice saying so (what a person asking on Monday means by
 * "yesterday").
 */
export async function dayReply(ctx: CommandContext<ListArgs>, requested: string): Promise<Reply> {
  const { papers, now } = ctx.services;
  const today = papers.today(now());
  refuseFuture(requested, requested, today);
  const notices = checkCoverage(papers, displayDate(requested), requested, requested);
  let date = requested;
  if (isWeekend(requested)) {
    date = previousWeekday(requested);
    notices.push(`Hugging Face publishes no list on weekends, so this is ${displayDate(date)}.`);
  }
  const fetched = await papers.day(date, sourceOptions(ctx.args));
  // The offline sample's newest day is "today" but long closed: no "still filling" there.
  const filling = date === today && !isClosed(date, now());
  return listReply({
    saved: await savedForYou(ctx),
    title: `Daily Papers · ${displayDate(date)}${filling ? ' · still filling' : ''}${ctx.args.sort === 'trending' ? ' · trending' : ctx.args.sort === 'foryou' ? ' · for you' : ''}`,
    fetched,
    args: ctx.args,
    commandText: ctx.commandText,
    notices,
    empty: filling
      ? rich`Today's list is still empty: it fills through the day from about 01:30 UTC. Try ${code('/papers yesterday')}.`
      : `Hugging Face has no papers for ${displayDate(date)}.`,
  });
}
