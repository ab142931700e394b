import { errorFields, type Logger } from '../logger.js';
import { addDays, isoWeekOf } from '../papers/days.js';
import type { Paper } from '../papers/paper.js';
import type { Fetched, PaperSource } from '../papers/source.js';
import type { PaperSearchIndex } from './paper-search-index.js';

/**
 * A PaperSource that feeds every paper it returns into the search index, so ranked
 * search covers whatever Paperboy has fetched (days, weeks, months, searches) without
 * each command having to remember to. The composition root wraps the real source once.
 */
export function indexFetchedPapers(source: PaperSource, index: PaperSearchIndex): PaperSource {
  const feed = async (pending: Promise<Fetched<Paper[]>>): Promise<Fetched<Paper[]>> => {
    const fetched = await pending;
    index.addPapers(fetched.value);
    return fetched;
  };
  const trending = source.trending?.bind(source);
  return {
    day: (date, options) => feed(source.day(date, options)),
    week: (isoWeek, options) => feed(source.week(isoWeek, options)),
    month: (month, options) => feed(source.month(month, options)),
    ...(trending ? { trending: () => feed(trending()) } : {}),
    search: (query) => feed(source.search(query)),
    paper: async (id) => {
      const fetched = await source.paper(id);
      if (fetched.value) index.addPapers([fetched.value]);
      return fetched;
    },
    today: (now) => source.today(now),
    ...(source.coverage ? { coverage: () => source.coverage!() } : {}),
  };
}

/**
 * Fill the index with recent history at start-up: the last `weeks` ISO weeks, one
 * request each (the anonymous budget is 500 requests per 5 minutes, so not per day).
 * Failures are logged and skipped: search still works on whatever arrives later.
 */
export async function warmSearchIndex(
  source: PaperSource,
  index: PaperSearchIndex,
  opts: { now: Date; weeks?: number; logger: Logger },
): Promise<number> {
  const weeks = new Set<string>();
  const today = source.today(opts.now);
  for (let i = 0; i < (opts.weeks ?? 4); i++) weeks.add(isoWeekOf(addDays(today, -7 * i)));
  for (const week of weeks) {
    try {
      index.addPapers((await source.week(week)).value);
    } catch (e) {
      opts.logger.warn('search: could not load a week into the index', { week, ...errorFields(e) });
    }
  }
  return index.size;
}
