/**
 * The digest operations commands need, wired once by the composition root with the
 * platform sinks: `digest now` posts through the same ledger as the scheduler (so it can
 * never send a list twice), and `digest status` previews the list owed now.
 */
import type { Target } from '../caller.js';
import type { Logger } from '../logger.js';
import type { PaperSource } from '../papers/source.js';
import type { Store } from '../store/store.js';
import { addDays } from '../papers/days.js';
import {
  REPEAT_WINDOW_DAYS,
  compileTopics,
  selectDigest,
  type DigestSelection,
  type DigestSettings,
} from './content.js';
import { deliverOne, recentlySentIds, type DeliveryReport, type FanoutDeps } from './fanout.js';
import { listOwedAt, newestListOf } from './planner.js';

export interface DigestService {
  /** Deliver the list owed now to `target` through the ledger; safe to repeat. */
  deliverNow(target: Target, settings: DigestSettings): Promise<DeliveryReport>;
}

/** `digest now` answers a person, so it gives Hugging Face seconds, not the scheduler's half hour. */
const INTERACTIVE_FETCH_DEADLINE_MS = 8_000;

export function createDigestService(deps: FanoutDeps): DigestService {
  return {
    deliverNow(target, settings) {
      const listDate = owedListNow(deps.papers, deps.now());
      return deliverOne({ target, listDate, settings }, { ...deps, fetchDeadlineMs: INTERACTIVE_FETCH_DEADLINE_MS });
    },
  };
}

/**
 * The list a digest posted right now would carry: the most recent closed list, capped at
 * the newest day the source has (the bundled sample ends in the past).
 */
export function owedListNow(papers: PaperSource, now: Date): string {
  return listOwedAt(now, newestListOf(papers.today(now), now));
}

/** What a digest for `target` would contain now (for `digest status`); nothing is recorded. */
export async function previewDigest(
  deps: { store: Store; papers: PaperSource; logger: Logger; now: () => Date },
  target: Target,
  settings: DigestSettings,
): Promise<DigestSelection> {
  const listDate = owedListNow(deps.papers, deps.now());
  const papers = (await deps.papers.day(listDate)).value;
  const topics = compileTopics(await deps.store.subscriptions.list(target), deps.logger);
  const recent = await deps.store.deliveries.since(target, addDays(listDate, -REPEAT_WINDOW_DAYS));
  const recentlySent = recentlySentIds(recent, listDate);
  return selectDigest({ listDate, papers, settings, topics, recentlySent });
}
