import { z } from 'zod';
import { intArg } from './command.js';
import { pastLastPage } from './count.js';
import { toCard } from './papers/cards.js';
import type { Paper } from './papers/paper.js';
import { dedupeById, formatAge, paginate, sortPapers } from './papers/query.js';
import type { Fetched, ListOptions } from './papers/source.js';
import { likeLine, rankForYou } from './recommend/foryou.js';
import { code, rich, type PaperCard, type Reply, type Text } from './reply.js';

/** Cards per page: Discord shows at most 10 embeds in one message. */
export const PER_PAGE = 10;

/** The options every list command shares (`today`, `date`, `week`, `month`, `search`). */
export const listOptions = {
  top: intArg('Show only the N most upvoted papers', 1, 100).optional(),
  min_upvotes: intArg('Hide papers with fewer upvotes', 0, 100_000).optional(),
  sort: z
    .enum(['top', 'new', 'foryou'], {
      error: 'must be "top" (most upvoted first), "new" (newest first) or "foryou" (like what you saved first)',
    })
    .optional()
    .describe('Order: top (most upvoted, default), new (newest first) or foryou (like your saved papers)'),
  page: intArg('Page number', 1, 1000).prefault(1),
};

/** The Daily Papers lists (`today`, `yesterday`, `date`, `week`, `month`) can also take Hugging Face's trending order. */
export const periodListOptions = {
  ...listOptions,
  top: intArg('Show only the N most upvoted papers (with sort=trending: the first N)', 1, 100).optional(),
  sort: z
    .enum(['top', 'new', 'trending', 'foryou'], {
      error:
        'must be "top" (most upvoted first), "new" (newest first), "trending" (Hugging Face\'s trending order) or "foryou" (like what you saved first)',
    })
    .optional()
    .describe('Order: top (most upvoted, default), new, trending (Hugging Face) or foryou (like your saved papers)'),
};

export interface ListArgs {
  top?: number | undefined;
  min_upvotes?: number | undefined;
  sort?: 'top' | 'new' | 'trending' | 'foryou' | undefined;
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
 * One page of a list as cards, ranked across the whole list, with the paging that
 * re-runs `commandText` for the other pages. Asking past the last page shows the last
 * one and says so in `notices`.
 */
export function cardPage<T>(
  items: readonly T[],
  requested: number,
  commandText: string,
  notices: Text[],
  card: (item: T, rank: number) => PaperCard,
): Pick<Reply, 'cards' | 'paging'> {
  const page = paginate(items, requested, PER_PAGE);
  if (page.page < requested) notices.push(pastLastPage(page.pages));
  const offset = (page.page - 1) * PER_PAGE;
  return {
    cards: page.items.map((item, i) => card(item, offset + i + 1)),
    paging: { page: page.page, pages: page.pages, total: page.total, command: commandText },
  };
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
  empty: Text;
  notices?: Text[];
  keepOrder?: boolean;
  /** The asker's saved papers, for sort=foryou (src/saved.ts savedForYou) */
  saved?: readonly Paper[];
}): Reply {
  const { args } = opts;
  const notices = [...(opts.notices ?? []), ...staleNotice(opts.fetched)];
  // Hugging Face's trending order and the for-you order are kept as ranked: top=N means their first N.
  const ranked = args.sort === 'trending' || args.sort === 'foryou';
  let papers = dedupeById(opts.fetched.value);
  if (args.min_upvotes !== undefined) papers = papers.filter((p) => p.upvotes >= args.min_upvotes!);
  const likes = new Map<string, string>();
  if (args.sort === 'foryou') {
    const forYou = rankForYou({ saved: opts.saved ?? [], candidates: papers });
    papers = forYou.items.map((item) => item.paper);
    for (const item of forYou.items) if (likeLine(item)) likes.set(item.paper.id, likeLine(item)!);
    if (forYou.mode === 'upvotes')
      notices.push(rich`${forYou.reason} Save papers with ${code('/papers save <id>')} or the Save buttons.`);
  }
  if (args.top !== undefined) papers = (ranked ? papers : sortPapers(papers, 'top')).slice(0, args.top);
  if (!ranked && !(opts.keepOrder && args.sort === undefined))
    papers = sortPapers(papers, args.sort === 'new' ? 'new' : 'top');
  if (papers.length === 0) {
    const filtered = opts.fetched.value.length > 0;
    return {
      title: opts.title,
      lines: [filtered ? `No papers pass min_upvotes=${args.min_upvotes}. Try a lower bound.` : opts.empty],
      ...(notices.length ? { notices } : {}),
      visibility: 'public',
    };
  }
  return {
    title: opts.title,
    ...cardPage(papers, args.page, opts.commandText, notices, (p, rank) => toCard(p, rank, likes.get(p.id))),
    ...(notices.length ? { notices } : {}),
    visibility: 'public',
  };
}
