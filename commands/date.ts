import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { dateArg, dayReply } from '../src/day-reply.js';
import { periodListOptions } from '../src/list-reply.js';

export const date = defineCommand({
  name: 'date',
  summary: 'The Daily Papers list of one day (YYYY-MM-DD)',
  examples: ['date 2026-08-19', 'date 2026-08-19 top=5'],
  positional: 'date',
  args: z.object({ date: dateArg('The day, YYYY-MM-DD'), ...periodListOptions }),
  scope: 'personal',
  run: (ctx) => dayReply(ctx, ctx.args.date),
});
