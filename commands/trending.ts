import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { PaperboyError } from '../src/errors.js';
import { listOptions, listReply } from '../src/list-reply.js';
import { rich, code } from '../src/reply.js';

const { sort: _sort, ...options } = listOptions;

export const trending = defineCommand({
  name: 'trending',
  summary: "What is trending on Hugging Face now, in Hugging Face's own order",
  examples: ['trending', 'trending top=5'],
  args: z.object(options),
  scope: 'personal',
  async run(ctx) {
    const source = ctx.services.papers;
    if (!source.trending) {
      throw new PaperboyError(
        'bad_input',
        rich`This paper source has no trending list. Try ${code('/papers today sort=top')}.`,
      );
    }
    return listReply({
      title: 'Trending on Hugging Face',
      fetched: await source.trending(),
      // Hugging Face's order, not an upvote count: keep it (top=N takes its first N).
      args: { ...ctx.args, sort: 'trending' },
      commandText: ctx.commandText,
      empty: rich`Hugging Face lists nothing as trending right now. Try ${code('/papers today')}.`,
    });
  },
});
