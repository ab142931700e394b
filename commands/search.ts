import { z } from 'zod';
import { defineCommand, textArg, type Services } from '../src/command.js';
import { count } from '../src/count.js';
import { searchScope } from '../src/coverage.js';
import { isPaperboyError } from '../src/errors.js';
import { listOptions, listReply } from '../src/list-reply.js';
import type { Paper } from '../src/papers/paper.js';
import { dedupeById } from '../src/papers/query.js';
import type { Fetched } from '../src/papers/source.js';
import { parseSearchQuery, type SearchQuery } from '../src/search/index.js';
import { savedForYou } from '../src/saved.js';

const RANKED_LIMIT = 100;

/**
 * Hugging Face's own search, re-ranked by our index (BM25 with title > keywords >
 * abstract) over everything seen so far, which now includes HF's hits. HF hits our
 * index cannot place (matched on meaning, not words) follow the ranked ones. When HF
 * is down, the index alone answers, and the reply says so. Both are asked for the
 * words; "quoted phrases" then decide which of the candidates are shown.
 */
async function rankedSearch(
  services: Services,
  query: SearchQuery,
): Promise<{ fetched: Fetched<Paper[]>; notices: string[] }> {
  const index = services.search;
  let upstream: Fetched<Paper[]>;
  try {
    upstream = await services.papers.search(query.words);
  } catch (err) {
    if (!index || !isPaperboyError(err) || err.code !== 'upstream_unavailable' || index.size === 0) throw err;
    return {
      fetched: { value: index.search(query.words, { limit: RANKED_LIMIT }), fetchedAt: services.now().getTime() },
      notices: [
        `Hugging Face search isn't answering, so these come from the ${count(index.size, 'paper')} Paperboy has seen recently.`,
      ],
    };
  }
  if (!index) return { fetched: upstream, notices: [] };
  const ranked = index.search(query.words, { limit: RANKED_LIMIT });
  const placed = new Set(ranked.map((p) => p.id));
  return {
    fetched: { ...upstream, value: [...ranked, ...upstream.value.filter((p) => !placed.has(p.id))] },
    notices: [],
  };
}

/**
 * Keep only the papers with every quoted phrase (and plain word), in their ranked
 * order; every paper the index holds with all the words is a candidate too, so a phrase
 * made of common words, or one Hugging Face's search ranks low, is still found. When
 * none has the phrase, the papers with the words are better than nothing, saying so.
 */
function withPhrases(
  services: Services,
  query: SearchQuery,
  found: { fetched: Fetched<Paper[]>; notices: string[] },
): { fetched: Fetched<Paper[]>; notices: string[] } {
  if (query.phrases.length === 0) return found;
  const candidates = dedupeById([...found.fetched.value, ...(services.search?.withAllWords(query.words) ?? [])]);
  const hits = candidates.filter((p) => query.matches(p));
  if (hits.length > 0 || found.fetched.value.length === 0)
    return { ...found, fetched: { ...found.fetched, value: hits } };
  const quoted = query.phrases.map((p) => `"${p}"`).join(' and ');
  return {
    ...found,
    notices: [...found.notices, `No paper has the exact phrase ${quoted}; these have the words in any order.`],
  };
}

/** The query as the person wrote it, in quotes unless it already has some. */
const shown = (query: string): string => (/["“”„]/.test(query) ? query : `"${query}"`);

export const search = defineCommand({
  name: 'search',
  summary: 'Search papers by words in the title, abstract or keywords, best match first',
  examples: ['search grokking', 'search "in-context learning" sort=new'],
  positional: 'query',
  args: z.object({
    query: textArg('What to search for; "quote" a phrase to require it', 200).meta({ usage: 'words or "a phrase"' }),
    ...listOptions,
  }),
  scope: 'personal',
  async run(ctx) {
    const query = parseSearchQuery(ctx.args.query);
    const { fetched, notices } = withPhrases(ctx.services, query, await rankedSearch(ctx.services, query));
    return listReply({
      saved: await savedForYou(ctx),
      title: `Search · ${ctx.args.query}`,
      fetched,
      args: ctx.args,
      commandText: ctx.commandText,
      keepOrder: true,
      notices,
      empty: `Nothing matches ${shown(ctx.args.query)}. Try fewer or different words.${searchScope(ctx.services.papers)}`,
    });
  },
});
