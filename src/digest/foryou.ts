import type { Target } from '../caller.js';
import type { Paper } from '../papers/paper.js';
import { sortPapers } from '../papers/query.js';
import { likeLine, rankForYou } from '../recommend/foryou.js';
import { savedAsPaper } from '../saved.js';
import type { Store } from '../store/store.js';

/** A paper a digest may carry, with its "matched: …" line (content.ts ChosenPaper). */
interface ChosenPaper {
  paper: Paper;
  why?: string;
}

/**
 * `rank=foryou` for a digest: the papers left after topics, min_upvotes and the repeat
 * filter, ordered by similarity to the place's own reading list (the channel's for a
 * channel digest, the person's for a DM one), each with "like: <title>" after its
 * "matched: …" line. With fewer than 3 saved papers: most upvoted first, and a note
 * saying so for the thread's header.
 */
export function orderForYou(
  pool: readonly ChosenPaper[],
  saved: readonly Paper[],
): { ordered: ChosenPaper[]; note?: string } {
  const whyOf = new Map(pool.map((c) => [c.paper.id, c.why]));
  const ranked = rankForYou({ saved, candidates: pool.map((c) => c.paper) });
  const ordered = ranked.items.map((item): ChosenPaper => {
    const why = [whyOf.get(item.paper.id), likeLine(item)].filter(Boolean).join(' · ');
    return why ? { paper: item.paper, why } : { paper: item.paper };
  });
  return ranked.mode === 'upvotes' ? { ordered, note: ranked.reason } : { ordered };
}

/** The "like: …" line of each paper of `list` against `saved` (for posting a planned digest again). */
export function likeLines(list: readonly Paper[], saved: readonly Paper[]): Map<string, string> {
  const ranked = rankForYou({ saved, candidates: sortPapers(list, 'top') });
  const out = new Map<string, string>();
  for (const item of ranked.items) if (likeLine(item)) out.set(item.paper.id, likeLine(item)!);
  return out;
}

/** The place's saved papers when its digest ranks by them; undefined otherwise (no read). */
export async function savedForDigest(
  store: Pick<Store, 'saved'>,
  target: Target,
  settings: { rank?: 'upvotes' | 'foryou' },
): Promise<Paper[] | undefined> {
  if (settings.rank !== 'foryou') return undefined;
  return (await store.saved.list(target)).map(savedAsPaper);
}
