import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { excerpt } from '../src/input.js';
import { checkCoverage } from '../src/coverage.js';
import { refuseFuture } from '../src/day-reply.js';
import { periodListOptions, listReply, sourceOptions } from '../src/list-reply.js';
import { monthDays } from '../src/papers/days.js';
import { savedForYou } from '../src/saved.js';

const monthArg = z
  .string()
  .trim()
  .refine((v) => monthDays(v) !== undefined, {
    error: (i) => `"${excerpt(String(i.input))}" is not a month: use YYYY-MM, e.g. 2026-08`,
  })
  .optional()
  .describe('Month, YYYY-MM; this month when left out')
  .meta({ usage: 'YYYY-MM' });

const monthName = (month: string): string =>
  new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export const month = defineCommand({
  name: 'month',
  summary: "A month's Daily Papers, most upvoted first",
  examples: ['month', 'month 2026-08 top=20'],
  positional: 'month',
  args: z.object({ month: monthArg, ...periodListOptions }),
  scope: 'personal',
  async run(ctx) {
    const { papers, now } = ctx.services;
    const today = papers.today(now());
    const month = ctx.args.month ?? today.slice(0, 7);
    refuseFuture(month, `${month}-01`, today);
    const days = monthDays(month)!;
    const notices = checkCoverage(papers, monthName(month), days[0]!, days.at(-1)!);
    return listReply({
      saved: await savedForYou(ctx),
      title: `Monthly Papers · ${monthName(month)}${today.startsWith(month) ? ' · so far' : ''}`,
      fetched: await papers.month(month, sourceOptions(ctx.args)),
      args: ctx.args,
      commandText: ctx.commandText,
      notices,
      empty: `Hugging Face has no papers for ${monthName(month)}.`,
    });
  },
});
