import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { dayReply } from '../src/day-reply.js';
import { periodListOptions } from '../src/list-reply.js';
import { addDays } from '../src/papers/days.js';

export const yesterday = defineCommand({
  name: 'yesterday',
  summary: "Yesterday's Daily Papers (on Monday: Friday's), most upvoted first",
  examples: ['yesterday', 'yesterday top=3'],
  args: z.object(periodListOptions),
  scope: 'personal',
  run: (ctx) => dayReply(ctx, addDays(ctx.services.papers.today(ctx.services.now()), -1)),
});
