/**
 * Delivers digests exactly once through the ledger. For each (target, list):
 *   1. record the plan (the chosen paper ids are fixed from then on),
 *   2. post the parent (idempotency key `${target}:${list}:parent`), record parent/thread,
 *   3. post each paper (key `${target}:${list}:${paperId}`), recording after each one,
 *   4. mark the row done.
 * A crash anywhere resumes from the ledger on the next run, in the same thread. The
 * window between a post succeeding and its ledger write is closed by the sink's
 * idempotency key (Discord: nonce + enforce_nonce), so a retried post is not repeated.
 */
import { targetKey, type Platform, type Target } from '../caller.js';
import { isPaperboyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { addDays } from '../papers/days.js';
import type { Paper } from '../papers/paper.js';
import type { PaperSource } from '../papers/source.js';
import { toCard } from '../papers/cards.js';
import type { Delivery, Store } from '../store/store.js';
import {
  REPEAT_WINDOW_DAYS,
  compileTopics,
  digestHeader,
  matchTopics,
  selectDigest,
  type DigestSettings,
} from './content.js';
import { isServed, type ExpiredList } from './planner.js';
import { DeliveryError, type DigestSink, type PostedParent } from './sink.js';

export interface FanoutDeps {
  store: Store;
  papers: PaperSource;
  sinks: readonly DigestSink[];
  logger: Logger;
  now: () => Date;
  /** Injected so tests with fake timers and the kill test control waiting */
  sleep?: (ms: number) => Promise<void>;
  /** Targets served at the same time (each target's lists stay in order) */
  concurrency?: number;
  /** How long to keep retrying Hugging Face for one list before leaving it to a later run */
  fetchDeadlineMs?: number;
  /** Attempts per post on transient failures (rate limits wait and do not count) */
  maxAttempts?: number;
}

export interface DeliveryJob {
  target: Target;
  listDate: string;
  settings: DigestSettings;
}

export type DeliveryOutcome = 'delivered' | 'already_delivered' | 'skipped' | 'gone' | 'failed';

export interface DeliveryReport {
  target: Target;
  listDate: string;
  outcome: DeliveryOutcome;
  /** Papers in the digest, and how many are confirmed posted */
  total: number;
  posted: number;
  threadId?: string;
  note?: string;
}

/**
 * Targets served at once. A thread takes posts slowly (Discord: 5 per 5 s per channel),
 * so a 10-paper digest needs ~5 s whatever the global rate; with a few targets at a time
 * a large fan-out ran at ~4 channels per 5 s, far under the platform's global 50/s.
 * Enough concurrent targets let those waits overlap; the sinks pace the global rate.
 */
export const DEFAULT_CONCURRENCY = 48;
export const DEFAULT_FETCH_DEADLINE_MS = 30 * 60_000;
const MAX_RATE_LIMIT_WAITS = 20;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class UpstreamUnavailable extends Error {}

export const parentKey = (target: Target, listDate: string): string => `${targetKey(target)}:${listDate}:parent`;
export const paperKey = (target: Target, listDate: string, paperId: string): string =>
  `${targetKey(target)}:${listDate}:${paperId}`;

/** Deliver many jobs: each target's lists oldest first, up to `concurrency` targets at once. */
export async function deliverAll(jobs: readonly DeliveryJob[], deps: FanoutDeps): Promise<DeliveryReport[]> {
  const groups = new Map<string, DeliveryJob[]>();
  for (const job of jobs) {
    const key = targetKey(job.target);
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const queue = [...groups.values()].map((g) => [...g].sort((a, b) => a.listDate.localeCompare(b.listDate)));
  const fetcher = listFetcher(deps);
  const reports: DeliveryReport[] = [];
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const job of group) {
        const report = await deliverOne(job, deps, fetcher);
        reports.push(report);
        // Later lists wait, so catch-up threads always arrive oldest first.
        if (report.outcome === 'gone' || report.outcome === 'failed') break;
      }
    }
  };
  const n = Math.max(1, Math.min(deps.concurrency ?? DEFAULT_CONCURRENCY, queue.length));
  await Promise.all(Array.from({ length: n }, worker));
  return reports;
}

/** Record lists too old to catch up as skipped, so each is logged once and never sent. */
export async function recordExpired(
  expired: readonly ExpiredList[],
  deps: Pick<FanoutDeps, 'store' | 'logger' | 'now'>,
): Promise<void> {
  for (const e of expired) {
    if (await deps.store.deliveries.get(e.target, e.listDate)) continue;
    const at = deps.now().toISOString();
    const note = `Missed while Paperboy was not running; more than the catch-up window old.`;
    await deps.store.deliveries.put({
      target: e.target,
      listDate: e.listDate,
      state: 'skipped',
      paperIds: [],
      posted: [],
      note,
      createdAt: at,
      updatedAt: at,
    });
    deps.logger.warn('digest: skipping a missed list older than the catch-up window', {
      target: targetKey(e.target),
      listDate: e.listDate,
    });
  }
}

type ListFetcher = (listDate: string) => Promise<Paper[]>;

/** Fetch each list once per run, retrying Hugging Face with backoff until the deadline. */
export function listFetcher(deps: FanoutDeps): ListFetcher {
  const sleep = deps.sleep ?? realSleep;
  const cache = new Map<string, Promise<Paper[]>>();
  const fetchWithRetry = async (listDate: string): Promise<Paper[]> => {
    const started = Date.now();
    const deadline = deps.fetchDeadlineMs ?? DEFAULT_FETCH_DEADLINE_MS;
    // Time spent = the waits we asked for, or the wall clock if that is more: the loop
    // ends by the deadline even where sleeping is simulated.
    let waited = 0;
    for (let delay = 1000; ; delay = Math.min(delay * 2, 60_000)) {
      try {
        return (await deps.papers.day(listDate)).value;
      } catch (err) {
        if (isPaperboyError(err) && err.code === 'not_found') return [];
        if (isPaperboyError(err) && err.code !== 'upstream_unavailable') throw err;
        if (Math.max(Date.now() - started, waited) + delay > deadline) {
          throw new UpstreamUnavailable(`Hugging Face did not answer for the ${listDate} list: ${String(err)}`, {
            cause: err,
          });
        }
        deps.logger.warn('digest: Hugging Face unavailable, retrying', { listDate, retryInMs: delay });
        await sleep(delay);
        waited += delay;
      }
    }
  };
  return (listDate) => {
    let p = cache.get(listDate);
    if (!p) {
      p = fetchWithRetry(listDate);
      cache.set(listDate, p);
      p.catch(() => cache.delete(listDate));
    }
    return p;
  };
}

const sinkFor = (deps: FanoutDeps, platform: Platform): DigestSink | undefined =>
  deps.sinks.find((s) => s.platform === platform);

/**
 * Papers a target got (or is getting) from other lists in the window. A failed row (the
 * target went away mid-thread) counts only what was really posted.
 */
export const recentlySentIds = (rows: readonly Delivery[], listDate: string): Set<string> =>
  new Set(rows.filter((r) => r.listDate !== listDate).flatMap((r) => (r.state === 'failed' ? r.posted : r.paperIds)));

/**
 * In-process guard: `digest now` and a scheduler tick asking for the same (target, list)
 * at once share one delivery instead of racing on the ledger.
 */
const inFlight = new Map<string, Promise<DeliveryReport>>();

/** Deliver one (target, list) through the ledger; safe to call again after any crash. */
export function deliverOne(
  job: DeliveryJob,
  deps: FanoutDeps,
  fetchList: ListFetcher = listFetcher(deps),
): Promise<DeliveryReport> {
  const key = `${targetKey(job.target)}|${job.listDate}`;
  const running = inFlight.get(key);
  if (running) return running;
  const p = deliverUnguarded(job, deps, fetchList).finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

async function deliverUnguarded(job: DeliveryJob, deps: FanoutDeps, fetchList: ListFetcher): Promise<DeliveryReport> {
  const { target, listDate } = job;
  const ledger = deps.store.deliveries;
  const base = { target, listDate };
  let row = await ledger.get(target, listDate);
  if (row && isServed(row)) {
    return {
      ...base,
      outcome: row.state === 'done' ? 'already_delivered' : 'skipped',
      total: row.paperIds.length,
      posted: row.posted.length,
      ...(row.threadId ? { threadId: row.threadId } : {}),
      ...(row.note ? { note: row.note } : {}),
    };
  }
  const sink = sinkFor(deps, target.platform);
  if (!sink)
    return {
      ...base,
      outcome: 'failed',
      total: 0,
      posted: 0,
      note: `No ${target.platform} connection is running to deliver to.`,
    };

  try {
    const list = await fetchList(listDate);
    const topics = compileTopics(await deps.store.subscriptions.list(target), deps.logger);
    const fullSelection = selectDigest({
      listDate,
      papers: list,
      settings: job.settings,
      topics,
      recentlySent: new Set(),
    });
    if (!row) {
      const recent = await ledger.since(target, addDays(listDate, -REPEAT_WINDOW_DAYS));
      const recentlySent = recentlySentIds(recent, listDate);
      const selection = selectDigest({ listDate, papers: list, settings: job.settings, topics, recentlySent });
      const at = deps.now().toISOString();
      if (selection.emptyReason) {
        await ledger.put({
          ...base,
          state: 'skipped',
          paperIds: [],
          posted: [],
          note: selection.emptyReason,
          createdAt: at,
          updatedAt: at,
        });
        deps.logger.info('digest: nothing to send, skipped', {
          target: targetKey(target),
          listDate,
          reason: selection.emptyReason,
        });
        return { ...base, outcome: 'skipped', total: 0, posted: 0, note: selection.emptyReason };
      }
      row = {
        ...base,
        state: 'planned',
        paperIds: selection.chosen.map((c) => c.paper.id),
        posted: [],
        createdAt: at,
        updatedAt: at,
      };
      await ledger.put(row);
    }
    const current: Delivery = row;
    const save = async (): Promise<void> => {
      current.updatedAt = deps.now().toISOString();
      await ledger.put({ ...current, posted: [...current.posted] });
    };

    let parent: PostedParent;
    if (current.parentId && current.threadId) {
      parent = { parentId: current.parentId, threadId: current.threadId };
    } else {
      const header = digestHeader(fullSelection, current.paperIds.length);
      parent = await withRetries(deps, () => sink.postParent(target, header, parentKey(target, listDate)));
      Object.assign(current, { parentId: parent.parentId, threadId: parent.threadId, state: 'posting' as const });
      await save();
    }

    const byId = new Map(list.map((p) => [p.id, p]));
    for (const [i, id] of current.paperIds.entries()) {
      if (current.posted.includes(id)) continue;
      const paper = byId.get(id) ?? (await deps.papers.paper(id)).value;
      if (!paper) {
        // A closed list does not lose papers; if Hugging Face did, say so rather than loop.
        deps.logger.error('digest: a planned paper is no longer on Hugging Face', {
          target: targetKey(target),
          listDate,
          paperId: id,
        });
        continue;
      }
      const card = toCard(paper, i + 1, topics.length > 0 ? matchTopics(paper, topics) : undefined);
      await withRetries(deps, () => sink.postPaper(target, parent, card, paperKey(target, listDate, id)));
      current.posted.push(id);
      await save();
    }
    current.state = 'done';
    await save();
    deps.logger.info('digest: delivered', { target: targetKey(target), listDate, papers: current.posted.length });
    return {
      ...base,
      outcome: 'delivered',
      total: current.paperIds.length,
      posted: current.posted.length,
      threadId: parent.threadId,
    };
  } catch (err) {
    const posted = row?.posted.length ?? 0;
    const total = row?.paperIds.length ?? 0;
    if (err instanceof DeliveryError && err.kind === 'gone') {
      await disableTarget(deps, target, err.message, row);
      return { ...base, outcome: 'gone', total, posted, note: err.message };
    }
    // Left as planned/posting (or unrecorded): the next scheduler tick resumes it.
    const note = err instanceof UpstreamUnavailable || err instanceof DeliveryError ? err.message : 'unexpected error';
    deps.logger.warn('digest: delivery interrupted, will resume on a later run', {
      target: targetKey(target),
      listDate,
      error: String(err),
    });
    return { ...base, outcome: 'failed', total, posted, note };
  }
}

async function withRetries<T>(deps: FanoutDeps, op: () => Promise<T>): Promise<T> {
  const sleep = deps.sleep ?? realSleep;
  const maxAttempts = deps.maxAttempts ?? 5;
  let failures = 0;
  let rateLimits = 0;
  for (;;) {
    try {
      return await op();
    } catch (err) {
      if (err instanceof DeliveryError && err.kind === 'gone') throw err;
      if (err instanceof DeliveryError && err.kind === 'rate_limited' && ++rateLimits <= MAX_RATE_LIMIT_WAITS) {
        await sleep(Math.max(0, err.retryAfterMs ?? 1000));
        continue;
      }
      if (++failures >= maxAttempts) throw err;
      await sleep(Math.min(1000 * 2 ** (failures - 1), 30_000));
    }
  }
}

async function disableTarget(
  deps: FanoutDeps,
  target: Target,
  reason: string,
  row: Delivery | undefined,
): Promise<void> {
  const at = deps.now().toISOString();
  const schedule = await deps.store.digests.get(target);
  if (schedule) await deps.store.digests.put({ ...schedule, disabled: { reason, at } });
  if (row) await deps.store.deliveries.put({ ...row, state: 'failed', note: `Target gone: ${reason}`, updatedAt: at });
  deps.logger.warn('digest: target is gone, digest disabled', { target: targetKey(target), reason });
}
