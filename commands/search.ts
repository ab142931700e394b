import { z } from 'zod';
import { defineCommand, textArg } from '../src/command.js';
import { listOptions, listReply } from '../src/list-reply.js';

export const search = defineCommand({
  name: 'search',
  summary: 'Search Hugging Face papers by words in the title, abstract or keywords',
  usage: 'search <words> [top=N] [min_upvotes=N] [sort=top|new] [page=N]',
  examples: ['search grokking', 'search "in-context learning" sort=new'],
  positional: 'query',
  args: z.object({ query: textArg('What to search for', 200), ...listOptions }),
  scope: 'personal',
  async run(ctx) {
    const fetched = await ctx.services.papers.search(ctx.args.query);
    return listReply({
      title: `Search · ${ctx.args.query}`,
      fetched,
      args: ctx.args,
      commandText: ctx.commandText,
      keepOrder: true,
      empty: `Nothing matches "${ctx.args.query}". Try fewer or different words.`,
    });
  },
});
