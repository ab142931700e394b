/**
 * Who is owed which Daily Papers list right now. Pure: (now, schedules, ledger rows) →
 * deliveries due. The scheduler calls it every minute, so it answers "which passed
 * slots are not yet served?" rather than "does a slot fall on this tick?": a DST gap,
 * a missed tick or a day of downtime delays a digest but never loses it.
 *
 * A *slot* is one local day (allowed by `days`) at the schedule's local time. The list
 * owed at a slot is the most recent closed list at that instant (Monday morning gets
 * Friday's). Catch-up: lists owed by passed slots and not yet served are delivered
 * oldest first, one thread each, when they are at most `catchUpDays` older than the
 * current list; older ones are reported as expired (the caller records and logs them).
 *
 * A weekly digest has one slot a week (its `weekday`) and owes the newest closed ISO
 * week (src/digest/lists.ts). Its catch-up is the same rule read for weeks: a missed
 * slot is delivered late, but a week older than the current one is always more than
 * `catchUpDays` old, so only the current week is ever owed.
 */
import { targetKey, type Target } from '../caller.js';
import {
  addDays as addDaysUncached,
  isWeekend as isWeekendUncached,
  latestClosedDay,
  utcToday,
} from '../papers/days.js';
import type { Delivery, DigestSchedule } from '../store/store.js';
import { isoWeekday, weekOwedAt } from './lists.js';
import { localTime, memo, parseClock, zonedInstant } from './zoned.js';

// Every tick asks the same calendar questions for every schedule; Date-based helpers
// dominate the cost at 100k schedules, and their answers never change, so keep them.
const dayMemo = memo<string>(50_000);
const weekendMemo = memo<boolean>(50_000);
const owedMemo = memo<string>(50_000);
const addDays = (date: string, n: number): string => dayMemo(`${date}|${n}`, () => addDaysUncached(date, n));
const isWeekend = (date: string): boolean => weekendMemo(date, () => isWeekendUncached(date));

export const DEFAULT_CATCH_UP_DAYS = 3;
/** How far back (local days) to look for unserved slots at all. */
const LOOKBACK_DAYS = 10;

export interface DueDelivery {
  target: Target;
  schedule: DigestSchedule;
  listDate: string;
  /** The passed slot that made this list owed */
  slotAt: Date;
  /** True when resuming a delivery that was planned or started earlier */
  resume: boolean;
}

export interface ExpiredList {
  target: Target;
  listDate: string;
  slotAt: Date;
}

export interface Plan {
  /** Oldest first within each target */
  due: DueDelivery[];
  /** Missed lists too old to catch up; record them as skipped so they are logged once */
  expired: ExpiredList[];
}

export interface PlanOptions {
  catchUpDays?: number;
  /**
   * The newest list the paper source can serve (the bundled sample ends in the past);
   * owed lists are capped at it. Omit for the live API.
   */
  newestList?: string;
}

/** Ledger states after which a (target, list) pair is never delivered again. */
export const isServed = (d: Pick<Delivery, 'state'>): boolean => d.state === 'done' || d.state === 'skipped';

export interface Slot {
  at: Date;
  listDate: string;
}

/**
 * The newest list a source can serve: the bundled sample ends in the past, so owed lists
 * are capped at its newest day; the live API (today = the UTC date) is not capped.
 */
export function newestListOf(sourceToday: string, now: Date): string | undefined {
  return sourceToday < utcToday(now) ? sourceToday : undefined;
}

/** The list owed at a slot instant, capped at what the source can serve. */
export function listOwedAt(at: Date, newestList?: string): string {
  return owedMemo(`${at.getTime()}|${newestList ?? ''}`, () => computeListOwedAt(at, newestList));
}

function computeListOwedAt(at: Date, newestList?: string): string {
  const list = latestClosedDay(at);
  if (newestList === undefined || list <= newestList) return list;
  let capped = newestList;
  while (isWeekend(capped)) capped = addDays(capped, -1);
  return capped;
}

/** The list a schedule owes at a slot: a day, or for a weekly digest a week. */
export function slotList(at: Date, schedule: Pick<DigestSchedule, 'days'>, newestList?: string): string {
  const day = listOwedAt(at, newestList);
  return schedule.days === 'weekly' ? weekOwedAt(at, day) : day;
}

/** Whether a schedule has a slot on a local day. */
export function slotDay(day: string, schedule: Pick<DigestSchedule, 'days' | 'weekday'>): boolean {
  if (schedule.days === 'weekly') return isoWeekday(day) === (schedule.weekday ?? 1);
  return schedule.days !== 'weekdays' || !isWeekend(day);
}

/** Passed slots of a schedule since its creation, newest first, at most LOOKBACK_DAYS back. */
export function passedSlots(now: Date, schedule: DigestSchedule, newestList?: string, max = Infinity): Slot[] {
  const minutes = parseClock(schedule.time);
  if (minutes === undefined) return [];
  const created = Date.parse(schedule.createdAt);
  const local = localTime(now, schedule.timezone);
  const slots: Slot[] = [];
  for (let i = 0; i <= LOOKBACK_DAYS && slots.length < max; i++) {
    const day = addDays(local.date, -i);
    if (i === 0 && local.minutes < minutes) continue;
    if (!slotDay(day, schedule)) continue;
    const at = zonedInstant(day, minutes, schedule.timezone);
    if (at.getTime() > now.getTime()) continue; // only possible right at a DST edge
    // A new digest starts at its next local time, not with back-history.
    if (!Number.isNaN(created) && at.getTime() < created) break;
    slots.push({ at, listDate: slotList(at, schedule, newestList) });
  }
  return slots;
}

/** The next slot strictly after `now` (for `digest status`). */
export function nextSlot(now: Date, schedule: DigestSchedule): Date | undefined {
  const minutes = parseClock(schedule.time);
  if (minutes === undefined) return undefined;
  const local = localTime(now, schedule.timezone);
  for (let i = 0; i <= 8; i++) {
    const day = addDays(local.date, i);
    if (!slotDay(day, schedule)) continue;
    const at = zonedInstant(day, minutes, schedule.timezone);
    if (at.getTime() > now.getTime()) return at;
  }
  return undefined;
}

export function planDeliveries(
  now: Date,
  schedules: readonly DigestSchedule[],
  rows: readonly Delivery[],
  options: PlanOptions = {},
): Plan {
  const catchUpDays = options.catchUpDays ?? DEFAULT_CATCH_UP_DAYS;
  const byTarget = new Map<string, Map<string, Delivery>>();
  for (const row of rows) {
    const key = targetKey(row.target);
    let m = byTarget.get(key);
    if (!m) byTarget.set(key, (m = new Map()));
    m.set(row.listDate, row);
  }
  const plan: Plan = { due: [], expired: [] };
  for (const schedule of schedules) {
    if (!schedule.enabled || schedule.disabled) continue;
    const current = passedSlots(now, schedule, options.newestList, 1)[0];
    if (!current) continue;
    const ledger = byTarget.get(targetKey(schedule.target)) ?? new Map<string, Delivery>();
    // Up to date once the current list is served (catch-up runs oldest first, and a
    // list sent early by `digest now` makes older ones moot); the common, cheap case.
    const currentRow = ledger.get(current.listDate);
    if (currentRow && isServed(currentRow)) continue;
    if (schedule.days === 'weekly') {
      const resume = currentRow !== undefined;
      plan.due.push({ target: schedule.target, schedule, listDate: current.listDate, slotAt: current.at, resume });
      continue;
    }
    const slots = passedSlots(now, schedule, options.newestList);
    // The earliest slot that owed each list (slots are newest first).
    const owed = new Map<string, Date>();
    for (const slot of slots) owed.set(slot.listDate, slot.at);
    const oldestAllowed = addDays(current.listDate, -catchUpDays);
    const lists = [...owed.keys()].sort();
    for (const listDate of lists) {
      const row = ledger.get(listDate);
      if (row && isServed(row)) continue;
      const slotAt = owed.get(listDate)!;
      if (listDate < oldestAllowed && !row) {
        plan.expired.push({ target: schedule.target, listDate, slotAt });
        continue;
      }
      plan.due.push({ target: schedule.target, schedule, listDate, slotAt, resume: row !== undefined });
    }
  }
  return plan;
}
