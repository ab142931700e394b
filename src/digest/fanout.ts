/**
 * Many deliveries at once: each place's lists oldest first, many places in parallel,
 * Hugging Face fetched once per list and retried with backoff, posts retried through
 * rate limits and transient failures. Exactly-once lives in delivery.ts and the store.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { targetKey } from '../caller.js';
import { isPaperboyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { noopMetrics, recordDigestDelivery, recordDigestPostFailure, type Metrics } from '../metrics.js';
import type { Paper } from '../papers/paper.js';
import type { PaperSource } from '../papers/source.js';
import type { Store } from '../store/store.js';
import {
  deliverOne as deliverThroughLedger,
  UpstreamUnavailable,
  type DeliveryDeps,
  type DeliveryJob,
  type DeliveryReport,
} from './delivery.js';
import { displayList, fetchList } from './lists.js';
import type { ExpiredList } from './planner.js';
import { DeliveryError, type DigestSink } from './sink.js';
import { sleep as realSleep } from '../sleep.js';

export { paperKey, parentKey, recentlySentIds } from './delivery.js';
export type { DeliveryJob, DeliveryOutcome, DeliveryReport } from './delivery.js';

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
  /** This process in delivery leases (default: host, pid and a random part) */
  owner?: string;
  /** How long a claimed delivery stays ours without a write (default 2 minutes) */
  leaseMs?: number;
  /** Deliveries, failed posts and 429s are counted here (/metrics) */
  metrics?: Metrics;
}

/**
 * Targets served at once. A thread takes posts slowly (Discord: 5 per 5 s per channel),
 * so a 10-paper digest needs ~5 s whatever the global rate; with a few targets at a time
 * a large fan-out ran at ~4 channels per 5 s, far under the platform's global 50/s.
 * Enough concurrent targets let those waits overlap; the sinks pace the global rate.
 */
export const DEFAULT_CONCURRENCY = 48;
export const DEFAULT_FETCH_DEADLINE_MS = 30 * 60_000;
/**
 * Every ledger write renews the lease, and long waits renew it too, so it only runs out
 * when its holder is gone: then the survivors take over within this time.
 */
export const DEFAULT_LEASE_MS = 2 * 60_000;
const MAX_RATE_LIMIT_WAITS = 20;

const processOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

type ListFetcher = (listDate: string) => Promise<Paper[]>;

function deliveryDeps(deps: FanoutDeps): DeliveryDeps {
  return {
    ...deps,
    owner: deps.owner ?? processOwner,
    leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
    retrying: (platform, op, keepAlive) => withRetries(deps, platform, op, keepAlive),
  };
}

/** Deliver one (target, list); safe to call again, from any process, after any crash. */
export async function deliverOne(
  job: DeliveryJob,
  deps: FanoutDeps,
  fetchList: ListFetcher = listFetcher(deps),
): Promise<DeliveryReport> {
  return counted(deps, await deliverThroughLedger(job, deliveryDeps(deps), fetchList));
}

const counted = (deps: FanoutDeps, report: DeliveryReport): DeliveryReport => {
  recordDigestDelivery(deps.metrics ?? noopMetrics, { platform: report.target.platform, outcome: report.outcome });
  return report;
};

/** Deliver many jobs: each target's lists oldest first, up to `concurrency` targets at once. */
export async function deliverAll(jobs: readonly DeliveryJob[], deps: FanoutDeps): Promise<DeliveryReport[]> {
  const groups = new Map<string, DeliveryJob[]>();
  for (const job of jobs) {
    const key = targetKey(job.target);
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const queue = [...groups.values()].map((g) => [...g].sort((a, b) => a.listDate.localeCompare(b.listDate)));
  const fetcher = listFetcher(deps);
  const ledgerDeps = deliveryDeps(deps);
  const reports: DeliveryReport[] = [];
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const job of group) {
        const report = counted(deps, await deliverThroughLedger(job, ledgerDeps, fetcher));
        reports.push(report);
        // Later lists wait, so catch-up threads always arrive oldest first.
        if (report.outcome !== 'delivered' && report.outcome !== 'already_delivered' && report.outcome !== 'skipped')
          break;
      }
    }
  };
  const n = Math.max(1, Math.min(deps.concurrency ?? DEFAULT_CONCURRENCY, queue.length));
  await Promise.all(Array.from({ length: n }, worker));
  return reports;
}

/** Record lists too old to catch up as skipped, so each is logged once and never sent. */
export async function recordExpired(expired: readonly ExpiredList[], deps: FanoutDeps): Promise<void> {
  const ledger = deliveryDeps(deps);
  for (const e of expired) {
    const lease = { owner: `${ledger.owner}#expired`, now: deps.now(), ms: ledger.leaseMs };
    const claim = await deps.store.deliveries.claim(e.target, e.listDate, lease);
    if (claim.status !== 'claimed' || !claim.fresh) continue;
    const note = 'Missed while Paperboy was not running; more than the catch-up window old.';
    await deps.store.deliveries.update({ ...claim.row, state: 'skipped', note }, lease);
    deps.logger.warn('digest: skipping a missed list older than the catch-up window', {
      target: targetKey(e.target),
      listDate: e.listDate,
    });
  }
}

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
        return await fetchList(deps.papers, listDate);
      } catch (err) {
        if (isPaperboyError(err) && err.code === 'not_found') return [];
        if (isPaperboyError(err) && err.code !== 'upstream_unavailable') throw err;
        if (Math.max(Date.now() - started, waited) + delay > deadline) {
          throw new UpstreamUnavailable(
            `Hugging Face did not answer for the ${displayList(listDate)} list: ${String(err)}`,
            {
              cause: err,
            },
          );
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

/** Retry one post: rate limits are waited out (not counted), other failures back off. */
async function withRetries<T>(
  deps: FanoutDeps,
  platform: string,
  op: () => Promise<T>,
  keepAlive: () => Promise<void>,
): Promise<T> {
  const sleep = deps.sleep ?? realSleep;
  const maxAttempts = deps.maxAttempts ?? 5;
  let failures = 0;
  let rateLimits = 0;
  for (;;) {
    try {
      return await op();
    } catch (err) {
      const kind = err instanceof DeliveryError ? err.kind : 'unexpected';
      recordDigestPostFailure(deps.metrics ?? noopMetrics, { platform, kind });
      if (kind === 'gone') throw err;
      let wait: number;
      if (err instanceof DeliveryError && err.kind === 'rate_limited' && ++rateLimits <= MAX_RATE_LIMIT_WAITS) {
        wait = Math.max(0, err.retryAfterMs ?? 1000);
      } else {
        if (++failures >= maxAttempts) throw err;
        wait = Math.min(1000 * 2 ** (failures - 1), 30_000);
      }
      await sleep(wait);
      // The wait may be long: show the row is still ours before trying again.
      await keepAlive();
    }
  }
}
