/**
 * One scheduler pass: ask the store who is due, deliver what they are owed, and move each
 * served place's dueAt to its next slot, so the next minute reads only what is due. Any
 * number of instances may run passes at the same time: the ledger's claims make each
 * (place, list) one delivery, and a place whose delivery another instance holds is left
 * due until that instance (or the next pass) finds it served.
 */
import { targetKey } from '../caller.js';
import { addDays, utcToday } from '../papers/days.js';
import type { Delivery, DigestSchedule } from '../store/store.js';
import { REPEAT_WINDOW_DAYS } from './content.js';
import { deliverAll, recordExpired, type DeliveryReport, type FanoutDeps } from './fanout.js';
import { DEFAULT_CATCH_UP_DAYS, isServed, newestListOf, nextSlot, passedSlots, planDeliveries } from './planner.js';
import { effectiveSettings } from './settings.js';

export interface TickReport {
  at: Date;
  reports: DeliveryReport[];
  expired: number;
  /** Schedules the store said were due */
  due: number;
}

export interface TickDeps extends FanoutDeps {
  catchUpDays?: number;
}

/** Ledger rows old enough to cover every slot the planner looks at. */
const LEDGER_LOOKBACK_DAYS = 16;
/**
 * Rows no rule reads any more: the 30-day no-repeat window is the longest look back.
 * A few days of margin cover a newest list that is itself in the past (the sample).
 */
export const LEDGER_RETENTION_DAYS = REPEAT_WINDOW_DAYS + 5;
const PRUNE_EVERY_MS = 60 * 60_000;

const settled = (r: DeliveryReport): boolean =>
  r.outcome === 'delivered' || r.outcome === 'already_delivered' || r.outcome === 'skipped';

export function createTicker(deps: TickDeps): { tick(): Promise<TickReport> } {
  let prunedAt = 0;
  const advance = async (s: DigestSchedule, now: Date): Promise<void> => {
    const next = nextSlot(now, s);
    if (next) await deps.store.digests.patch(s.target, { dueAt: next.toISOString() });
  };

  const tick = async (): Promise<TickReport> => {
    const now = deps.now();
    const newestList = newestListOf(deps.papers.today(now), now);
    const from = addDays(newestList ?? utcToday(now), -LEDGER_LOOKBACK_DAYS);
    const due = await deps.store.digests.due(now);
    const owing: DigestSchedule[] = [];
    const rows: Delivery[] = [];
    for (const s of due) {
      // Most due places are up to date (a `digest now`, another instance): one row proves it.
      const current = passedSlots(now, s, newestList, 1)[0];
      const row = current && (await deps.store.deliveries.get(s.target, current.listDate));
      if (!current || (row && isServed(row))) {
        await advance(s, now);
        continue;
      }
      owing.push(s);
      rows.push(...(await deps.store.deliveries.since(s.target, from)));
    }
    const plan = planDeliveries(now, owing, rows, {
      catchUpDays: deps.catchUpDays ?? DEFAULT_CATCH_UP_DAYS,
      ...(newestList ? { newestList } : {}),
    });
    await recordExpired(plan.expired, deps);
    const jobs = plan.due.map((d) => ({
      target: d.target,
      listDate: d.listDate,
      settings: effectiveSettings({}, d.schedule),
    }));
    const reports = jobs.length > 0 ? await deliverAll(jobs, deps) : [];
    const unsettled = new Set(reports.filter((r) => !settled(r)).map((r) => targetKey(r.target)));
    for (const s of owing) if (!unsettled.has(targetKey(s.target))) await advance(s, now);
    if (now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now.getTime();
      await deps.store.deliveries.prune(addDays(newestList ?? utcToday(now), -LEDGER_RETENTION_DAYS));
    }
    return { at: now, reports, expired: plan.expired.length, due: due.length };
  };
  return { tick };
}
