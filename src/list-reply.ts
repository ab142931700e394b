import { z } from 'zod';
import { intArg } from './command.js';
import { pastLastPage } from './count.js';
import { toCard } from './papers/cards.js';
import type { Paper } from './papers/paper.js';
import { dedupeById, formatAge, paginate, sortPapers } from './papers/query.js';
import type { Fetched, ListOptions } from './papers/source.js';
import type { Reply } from './reply.js';

/** Cards per page: Discord shows at most 10 embeds in one message. */
export const PER_PAGE = 10;

/** The options every list command shares (`today`, `date`, `week`, `month`, `search`). */
export const listOptions = {
  top: intArg('Show only the N most upvoted papers', 1, 100).optional(),
  min_upvotes: intArg('Hide papers with fewer upvotes', 0, 100_000).optional(),
  sort: z
    .enum(['top', 'new'], { error: 'must be "top" (most upvoted first) or "new" (newest first)' })
    .optional()
    .describe('Order: top (most upvoted, default) or new (newest first)'),
  page: intArg('Page number', 1, 1000).prefault(1),
};

/** The Daily Papers lists (`today`, `yesterday`, `date`, `week`, `month`) can also take Hugging Face's trending order. */
export const periodListOptions = {
  ...listOptions,
  top: intArg('Show only the N most upvoted papers (with sort=trending: the first N)', 1, 100).optional(),
  sort: z
    .enum(['top', 'new', 'trending'], {
      error: 'must be "top" (most upvoted first), "new" (newest first) or "trending" (Hugging Face\'s trending order)',
    })
    .optional()
    .describe("Order: top (most upvoted, default), new (newest first) or trending (Hugging Face's order)"),
};

export interface ListArgs {
  top?: number | undefined;
  min_upvotes?: number | undefined;
  sort?: 'top' | 'new' | 'trending' | undefined;
  page: number;
}

/** What to ask the source for: Hugging Face's trending order when the list wants it. */
export const sourceOptions = (args: ListArgs): ListOptions => (args.sort === 'trending' ? { sort: 'trending' } : {});

/** "Served from a cache 2 h old: …" when the source could not refresh. */
export function staleNotice(fetched: Fetched<unknown>): string[] {
  return fetched.stale
    ? [`Served from a cache ${formatAge(fetched.stale.ageMs)} old: Hugging Face isn't answering right now.`]
    : [];
}

/**
 * A paged list of paper cards. Filters (min_upvotes, then top N by upvotes) apply
 * before paging so "page 2" means the same list the first page started.
 * `keepOrder` keeps upstream order (search relevance) unless a sort was asked for.
 */
export function listReply(opts: {
  title: string;
  fetched: Fetched<Paper[]>;
  args: ListArgs;
  commandText: string;
  empty: string;
  notices?: string[];
  keepOrder?: boolean;
}): Reply {
  const { args } = opts;
  // Hugging Face's trending order is kept as it came: top=N means its first N.
  const trending = args.sort === 'trending';
  let papers = dedupeById(opts.fetched.value);
  if (args.min_upvotes !== undefined) papers = papers.filter((p) => p.upvotes >= args.min_upvotes!);
  if (args.top !== undefined) papers = (trending ? papers : sortPapers(papers, 'top')).slice(0, args.top);
  if (args.sort !== 'trending' && !(opts.keepOrder && args.sort === undefined))
    papers = sortPapers(papers, args.sort ?? 'top');
  const notices = [...(opts.notices ?? []), ...staleNotice(opts.fetched)];
  if (papers.length === 0) {
    const filtered = opts.fetched.value.length > 0;
    return {
      title: opts.title,
      lines: [filtered ? `No papers pass min_upvotes=${args.min_upvotes}. Try a lower bound.` : opts.empty],
      ...(notices.length ? { notices } : {}),
      visibility: 'public',
    };
  }
  const page = paginate(papers, args.page, PER_PAGE);
  if (page.page < args.page) notices.push(pastLastPage(page.pages));
  const offset = (page.page - 1) * PER_PAGE;
  return {
    title: opts.title,
    cards: page.items.map((p, i) => toCard(p, offset + i + 1)),
    paging: { page: page.page, pages: page.pages, total: page.total, command: opts.commandText },
    ...(notices.length ? { notices } : {}),
    visibility: 'public',
  };
}
