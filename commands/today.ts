import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { dayReply } from '../src/day-reply.js';
import { periodListOptions } from '../src/list-reply.js';

export const today = defineCommand({
  name: 'today',
  summary: "Today's Daily Papers, the list still filling, most upvoted first",
  examples: ['today', 'today top=5 min_upvotes=10', 'today sort=new', 'today sort=trending', 'today sort=foryou'],
  args: z.object(periodListOptions),
  scope: 'personal',
  run: (ctx) => dayReply(ctx, ctx.services.papers.today(ctx.services.now())),
});
