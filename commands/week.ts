import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { excerpt } from '../src/input.js';
import { checkCoverage } from '../src/coverage.js';
import { refuseFuture } from '../src/day-reply.js';
import { periodListOptions, listReply, sourceOptions } from '../src/list-reply.js';
import { addDays, displayDate, isoWeekMonday, isoWeekOf, parseDate } from '../src/papers/days.js';
import { savedForYou } from '../src/saved.js';

const weekArg = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .refine((v) => (/^\d{4}-W\d{2}$/.test(v) ? isoWeekMonday(v) !== undefined : parseDate(v) !== undefined), {
    error: (i) =>
      `"${excerpt(String(i.input))}" is not a week: use an ISO week like 2026-W33, or any date in it (YYYY-MM-DD)`,
  })
  .optional()
  .describe('ISO week (2026-W33) or a date in it; this week when left out')
  .meta({ usage: 'YYYY-Www' });

export const week = defineCommand({
  name: 'week',
  summary: "A week's Daily Papers (ISO week), most upvoted first",
  examples: ['week', 'week 2026-W33 top=10'],
  positional: 'week',
  args: z.object({ week: weekArg, ...periodListOptions }),
  scope: 'personal',
  async run(ctx) {
    const { papers, now } = ctx.services;
    const today = papers.today(now());
    const isoWeek =
      ctx.args.week === undefined
        ? isoWeekOf(today)
        : /W/.test(ctx.args.week)
          ? ctx.args.week
          : isoWeekOf(ctx.args.week);
    const monday = isoWeekMonday(isoWeek)!;
    refuseFuture(`Week ${isoWeek}`, monday, today);
    const sunday = addDays(monday, 6);
    const notices = checkCoverage(papers, isoWeek, monday, sunday);
    return listReply({
      saved: await savedForYou(ctx),
      title: `Weekly Papers · ${isoWeek} · ${displayDate(monday)} – ${displayDate(sunday)}${sunday >= today ? ' · so far' : ''}`,
      fetched: await papers.week(isoWeek, sourceOptions(ctx.args)),
      args: ctx.args,
      commandText: ctx.commandText,
      notices,
      empty: `Hugging Face has no papers for ${isoWeek} yet.`,
    });
  },
});
