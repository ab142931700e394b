/**
 * The digest service: with the scheduler's ticks (tick.ts) and the deliveries they start
 * (delivery.ts), the only code that reads and writes the delivery ledger and the
 * service-kept parts of schedules. Commands ask it (`digest on/off/status/now`). Wired
 * once by the composition root with the platform sinks.
 */
import type { Target } from '../caller.js';
import type { Logger } from '../logger.js';
import type { PaperSource } from '../papers/source.js';
import type { DigestSchedule, LastDelivery, Store } from '../store/store.js';
import { compileTopics, repeatWindowStart, selectDigest, type DigestSelection } from './content.js';
import { savedForDigest } from './foryou.js';
import { deliverOne, recentlySentIds, type DeliveryReport, type FanoutDeps } from './fanout.js';
import { fetchList } from './lists.js';
import { isServed, newestListOf, nextSlot, slotList } from './planner.js';
import { DIGEST_DEFAULTS, effectiveSettings, scheduleFor, type DigestRequest } from './settings.js';
import type { TickDeps } from './tick.js';

export interface DigestStatus {
  schedule?: DigestSchedule;
  /** The next slot, when the digest is running */
  nextRun?: Date;
  last?: LastDelivery;
  /** What a digest posted now would carry; undefined when Hugging Face could not be asked */
  preview?: DigestSelection;
  /** The list owed now was already delivered (or handled) here */
  served?: 'delivered' | 'handled';
}

export interface DigestService {
  get(target: Target): Promise<DigestSchedule | undefined>;
  /** Turn the digest on (or change it); returns what is stored */
  turnOn(target: Target, request: DigestRequest, by: string): Promise<DigestSchedule>;
  /** Switch it off, keeping its settings; undefined when none was on */
  turnOff(target: Target): Promise<DigestSchedule | undefined>;
  status(target: Target): Promise<DigestStatus>;
  /** Deliver the list owed now to `target` through the ledger; safe to repeat */
  deliverNow(target: Target, request: DigestRequest): Promise<DeliveryReport>;
}

export type DigestServiceDeps = TickDeps;

/** `digest now` answers a person, so it gives Hugging Face seconds, not the scheduler's half hour. */
const INTERACTIVE_FETCH_DEADLINE_MS = 8_000;

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { store } = deps;
  return {
    get: (target) => store.digests.get(target),
    async turnOn(target, request, by) {
      const schedule = scheduleFor(target, request, await store.digests.get(target), by, deps.now());
      await store.digests.put(schedule);
      return schedule;
    },
    async turnOff(target) {
      const existing = await store.digests.get(target);
      if (!existing?.enabled) return undefined;
      const off = { ...existing, enabled: false };
      delete off.dueAt;
      await store.digests.put(off);
      return off;
    },
    async status(target) {
      const schedule = await store.digests.get(target);
      if (!schedule) return {};
      const status: DigestStatus = { schedule, ...(schedule.last ? { last: schedule.last } : {}) };
      const next = schedule.enabled && !schedule.disabled ? nextSlot(deps.now(), schedule) : undefined;
      if (next) status.nextRun = next;
      try {
        status.preview = await previewDigest(deps, target, schedule);
        const row = await store.deliveries.get(target, status.preview.listDate);
        if (row && isServed(row)) status.served = row.state === 'done' ? 'delivered' : 'handled';
      } catch (err) {
        deps.logger.debug('digest status: no preview', { error: String(err) });
      }
      return status;
    },
    async deliverNow(target, request) {
      const existing = await store.digests.get(target);
      const settings = effectiveSettings(request, existing);
      const listDate = owedListNow(deps.papers, deps.now(), {
        days: request.days ?? existing?.days ?? DIGEST_DEFAULTS.days,
      });
      return deliverOne({ target, listDate, settings }, { ...deps, fetchDeadlineMs: INTERACTIVE_FETCH_DEADLINE_MS });
    },
  };
}

/**
 * The list a digest posted right now would carry: the most recent closed list (a weekly
 * digest: the newest closed week), capped at the newest day the source has (the bundled
 * sample ends in the past).
 */
export function owedListNow(papers: PaperSource, now: Date, schedule: Pick<DigestSchedule, 'days'>): string {
  return slotList(now, schedule, newestListOf(papers.today(now), now));
}

/** What a digest for `target` would contain now; nothing is recorded. */
async function previewDigest(
  deps: { store: Store; papers: PaperSource; logger: Logger; now: () => Date },
  target: Target,
  schedule: DigestSchedule,
): Promise<DigestSelection> {
  const settings = effectiveSettings({}, schedule);
  const listDate = owedListNow(deps.papers, deps.now(), schedule);
  const papers = await fetchList(deps.papers, listDate);
  const topics = compileTopics(await deps.store.subscriptions.list(target), deps.logger);
  const recent = await deps.store.deliveries.since(target, repeatWindowStart(listDate));
  const saved = await savedForDigest(deps.store, target, settings);
  return selectDigest({
    listDate,
    papers,
    settings,
    topics,
    recentlySent: recentlySentIds(recent, listDate),
    ...(saved ? { saved } : {}),
  });
}

export type { FanoutDeps };
