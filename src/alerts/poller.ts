/**
 * The alert poller: every ALERT_POLL_INTERVAL_MS, one look at the list still filling
 * serves every alert. It runs in the scheduler's tick (src/schedule/scheduler.ts), so
 * every instance may poll; the store's (place, paper) claim makes each paper one post
 * per place however many instances do.
 *
 * A poll: read the running alerts; fetch today's list and yesterday's (the previous HF
 * day stays open until 01:30 UTC, and once closed it is cached for good, so it costs no
 * request — it is what lets a paper held back by quiet hours still come when they end);
 * match them all through one TopicIndex; per place and paper, keep the alerts that are
 * due (enough upvotes, list not older than the alert) and not quiet; claim, post one
 * message with the merged "matched: …" line, mark sent. An alert in quiet hours simply
 * does not claim: the paper is still there at the next poll, and posts once they end.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { targetKey, type Target } from '../caller.js';
import { DEFAULT_LEASE_MS } from '../digest/fanout.js';
import { DeliveryError, type DigestSink } from '../digest/sink.js';
import { errorFields, type Logger } from '../logger.js';
import { toCard } from '../papers/cards.js';
import { addDays, utcToday } from '../papers/days.js';
import type { Paper } from '../papers/paper.js';
import type { PaperSource } from '../papers/source.js';
import type { Alert } from '../store/alert-types.js';
import type { Store } from '../store/store.js';
import { formatWhy, type MatchReason } from '../topics/index.js';
import { AlertMatcher } from './matcher.js';
import { ALERT_POLL_INTERVAL_MS, ALERT_POSTS_PER_PLACE_PER_POLL, inQuietHours } from './settings.js';

export interface AlertPollerDeps {
  store: Store;
  papers: PaperSource;
  sinks: readonly DigestSink[];
  logger: Logger;
  now: () => Date;
  /** This process in ledger leases (default: host, pid and a random part) */
  owner?: string;
  leaseMs?: number;
  /** Poll interval (default ALERT_POLL_INTERVAL_MS) */
  pollEveryMs?: number;
}

export interface AlertPollReport {
  at: Date;
  /** Running alerts looked at */
  alerts: number;
  /** The lists looked at */
  lists: string[];
  posted: { target: Target; paperId: string }[];
  /** (place, paper) pairs held back by quiet hours */
  deferred: number;
  /** Places found gone (their alerts are stopped) */
  gone: number;
  failed: number;
}

/** The ledger keeps a (place, paper) row this long: far past the two lists a poll reads. */
export const ALERT_LEDGER_RETENTION_MS = 7 * 86_400_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const PLACES_AT_ONCE = 8;

export const alertKey = (target: Target, paperId: string): string => `${targetKey(target)}:alert:${paperId}`;

interface Due {
  target: Target;
  paper: Paper;
  reasons: MatchReason[];
  deferred: boolean;
}

export interface AlertPoller {
  /** Poll if the interval's slot has not been polled by this process yet; undefined otherwise. */
  maybePoll(): Promise<AlertPollReport | undefined>;
  /** One poll now. */
  poll(): Promise<AlertPollReport>;
}

export function createAlertPoller(deps: AlertPollerDeps): AlertPoller {
  const every = deps.pollEveryMs ?? ALERT_POLL_INTERVAL_MS;
  const owner = `${deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`}#alerts`;
  const matcher = new AlertMatcher(deps.logger);
  let lastSlot: number | undefined;
  let prunedAt = 0;

  const poll = async (): Promise<AlertPollReport> => {
    const now = deps.now();
    lastSlot = Math.floor(now.getTime() / every);
    const report: AlertPollReport = { at: now, alerts: 0, lists: [], posted: [], deferred: 0, gone: 0, failed: 0 };
    const alerts = (await deps.store.alerts.list()).filter((a) => !a.disabled);
    report.alerts = alerts.length;
    // No alerts, no requests.
    if (alerts.length > 0) await pollLists(alerts, now, report);
    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await deps.store.alertLedger.prune(new Date(now.getTime() - ALERT_LEDGER_RETENTION_MS));
    }
    return report;
  };

  const pollLists = async (alerts: Alert[], now: Date, report: AlertPollReport): Promise<void> => {
    const today = deps.papers.today(now);
    const due = new Map<string, Due>();
    for (const listDate of [addDays(today, -1), today]) {
      let papers: Paper[];
      try {
        papers = (await deps.papers.day(listDate)).value;
      } catch (err) {
        deps.logger.warn('alerts: could not read a list; trying again at the next poll', {
          listDate,
          ...errorFields(err),
        });
        continue;
      }
      report.lists.push(listDate);
      for (const hit of matcher.match(alerts, papers)) {
        const { alert, paper } = hit;
        // An alert covers the list still filling when it was made, and later ones.
        if (listDate < utcToday(new Date(alert.createdAt)) && listDate < today) continue;
        if (paper.upvotes < alert.minUpvotes) continue;
        const key = alertKey(alert.target, paper.id);
        const entry = due.get(key) ?? { target: alert.target, paper, reasons: [], deferred: true };
        due.set(key, entry);
        if (inQuietHours(alert.quiet, alert.timezone, now)) continue;
        entry.deferred = false;
        for (const r of hit.why) {
          if (!entry.reasons.some((x) => x.term === r.term && x.field === r.field)) entry.reasons.push(r);
        }
      }
    }
    const byPlace = new Map<string, Due[]>();
    for (const d of due.values()) {
      if (d.deferred) {
        report.deferred++;
        continue;
      }
      const key = targetKey(d.target);
      byPlace.set(key, [...(byPlace.get(key) ?? []), d]);
    }
    const queue = [...byPlace.values()];
    const worker = async (): Promise<void> => {
      for (let place = queue.shift(); place; place = queue.shift()) await servePlace(place, report);
    };
    await Promise.all(Array.from({ length: Math.min(PLACES_AT_ONCE, queue.length) }, worker));
  };

  /** Post a place's due papers, most upvoted first, a few per poll; stop at the first sign it is gone. */
  const servePlace = async (items: Due[], report: AlertPollReport): Promise<void> => {
    const target = items[0]!.target;
    const sink = deps.sinks.find((s) => s.platform === target.platform);
    // Another instance may run this platform; a claim here would only hold it up.
    if (!sink) return;
    let posts = 0;
    for (const d of [...items].sort((a, b) => b.paper.upvotes - a.paper.upvotes)) {
      if (posts >= ALERT_POSTS_PER_PLACE_PER_POLL) break;
      // Each claim's lease starts when it is taken: earlier posts to this place may have waited.
      const lease = { owner, now: deps.now(), ms: deps.leaseMs ?? DEFAULT_LEASE_MS };
      const claim = await deps.store.alertLedger.claim(target, d.paper.id, lease);
      if (claim.status !== 'claimed') continue;
      const key = alertKey(target, d.paper.id);
      try {
        // Taken over from a claimer that died: its post may have happened (Slack has no idempotency key).
        const found = !claim.fresh && sink.findPosted ? await sink.findPosted(target, undefined, key) : undefined;
        if (!found) {
          const why = d.reasons.length > 0 ? formatWhy(d.reasons) : 'matched your alert';
          await sink.postSingle(target, toCard(d.paper, undefined, why), key);
          posts++;
        }
        await deps.store.alertLedger.markSent(target, d.paper.id, { ...lease, now: deps.now() });
        report.posted.push({ target, paperId: d.paper.id });
      } catch (err) {
        if (err instanceof DeliveryError && err.kind === 'gone') {
          const n = await deps.store.alerts.disable(target, err.message, deps.now().toISOString());
          deps.logger.warn('alerts: the place is gone; its alerts are stopped', {
            target: targetKey(target),
            alerts: n,
            reason: err.message,
          });
          report.gone++;
          return;
        }
        // Ours until the lease ends: the next poll (same owner) takes it up again.
        deps.logger.warn('alerts: could not post; trying again at the next poll', {
          target: targetKey(target),
          paper: d.paper.id,
          ...errorFields(err),
        });
        report.failed++;
        return;
      }
    }
  };

  return {
    poll,
    async maybePoll() {
      const slot = Math.floor(deps.now().getTime() / every);
      if (slot === lastSlot) return undefined;
      return poll();
    },
  };
}
