import { z } from 'zod';
import { defineCommand, textArg, type Services } from '../src/command.js';
import { isPaperboyError } from '../src/errors.js';
import { listOptions, listReply } from '../src/list-reply.js';
import type { Paper } from '../src/papers/paper.js';
import type { Fetched } from '../src/papers/source.js';

const RANKED_LIMIT = 100;

/**
 * Hugging Face's own search, re-ranked by our index (BM25 with title > keywords >
 * abstract) over everything seen so far, which now includes HF's hits. HF hits our
 * index cannot place (matched on meaning, not words) follow the ranked ones. When HF
 * is down, the index alone answers, and the reply says so.
 */
async function rankedSearch(
  services: Services,
  query: string,
): Promise<{ fetched: Fetched<Paper[]>; notices: string[] }> {
  const index = services.search;
  let upstream: Fetched<Paper[]>;
  try {
    upstream = await services.papers.search(query);
  } catch (err) {
    if (!index || !isPaperboyError(err) || err.code !== 'upstream_unavailable' || index.size === 0) throw err;
    return {
      fetched: { value: index.search(query, { limit: RANKED_LIMIT }), fetchedAt: services.now().getTime() },
      notices: [
        `Hugging Face search isn't answering, so these come from the ${index.size} papers Paperboy has seen recently.`,
      ],
    };
  }
  if (!index) return { fetched: upstream, notices: [] };
  const ranked = index.search(query, { limit: RANKED_LIMIT });
  const placed = new Set(ranked.map((p) => p.id));
  return {
    fetched: { ...upstream, value: [...ranked, ...upstream.value.filter((p) => !placed.has(p.id))] },
    notices: [],
  };
}

export const search = defineCommand({
  name: 'search',
  summary: 'Search papers by words in the title, abstract or keywords, best match first',
  usage: 'search <words> [top=N] [min_upvotes=N] [sort=top|new] [page=N]',
  examples: ['search grokking', 'search "in-context learning" sort=new'],
  positional: 'query',
  args: z.object({ query: textArg('What to search for', 200), ...listOptions }),
  scope: 'personal',
  async run(ctx) {
    const { fetched, notices } = await rankedSearch(ctx.services, ctx.args.query);
    return listReply({
      title: `Search · ${ctx.args.query}`,
      fetched,
      args: ctx.args,
      commandText: ctx.commandText,
      keepOrder: true,
      notices,
      empty: `Nothing matches "${ctx.args.query}". Try fewer or different words.`,
    });
  },
});
