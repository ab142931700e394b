/**
 * The lists a digest can owe: one Daily Papers day (`YYYY-MM-DD`) or, for weekly
 * roundups, one ISO week. A week's key is the Sunday it ends on plus `+week`
 * (`2026-08-23+week`), not `2026-W34`: the ledger compares and prunes keys as strings
 * against day bounds ("rows since", "rows before"), and a key that begins with the day
 * its list ends on orders among the daily keys exactly where that week belongs, in every
 * store engine, with no engine knowing about weeks.
 */
import { addDays, displayDate, isoWeekMonday, isoWeekOf, latestClosedDay, weekday } from '../papers/days.js';
import type { Paper } from '../papers/paper.js';
import type { PaperSource } from '../papers/source.js';

const WEEK_SUFFIX = '+week';
const WEEK_KEY = /^(\d{4}-\d{2}-\d{2})\+week$/;

/** ISO weekday: Monday 1 … Sunday 7 */
export const isoWeekday = (date: string): number => weekday(date) || 7;

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
const LONG_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const weekdayNumber = (name: WeekdayName): number => WEEKDAY_NAMES.indexOf(name) + 1;
export const weekdayLong = (n: number): string => LONG_NAMES[n - 1] ?? 'Monday';

/** The key of the ISO week `YYYY-Www` (undefined when there is no such week). */
export function weekListKey(isoWeek: string): string | undefined {
  const monday = isoWeekMonday(isoWeek);
  return monday && `${addDays(monday, 6)}${WEEK_SUFFIX}`;
}

/** The ISO week a key names, or undefined for a daily list. */
export function weekOfKey(key: string): string | undefined {
  const m = WEEK_KEY.exec(key);
  return m ? isoWeekOf(m[1]!) : undefined;
}

export const isWeekKey = (key: string): boolean => WEEK_KEY.test(key);

/** The first day a list covers: the date itself, or its week's Monday. */
export function listStartDay(key: string): string {
  const m = WEEK_KEY.exec(key);
  return m ? addDays(m[1]!, -6) : key;
}

/** "Fri 21 Aug 2026" for a day; "week 34 (17–23 Aug 2026)" for a week. */
export function displayList(key: string): string {
  const m = WEEK_KEY.exec(key);
  if (!m) return displayDate(key);
  const sunday = m[1]!;
  const monday = addDays(sunday, -6);
  const week = Number(isoWeekOf(sunday).slice(6));
  const [, mon, monMonth, monYear] = displayDate(monday).split(' ');
  const [, sun, sunMonth, sunYear] = displayDate(sunday).split(' ');
  const start =
    monYear !== sunYear ? `${mon} ${monMonth} ${monYear}` : monMonth !== sunMonth ? `${mon} ${monMonth}` : mon;
  return `week ${week} (${start}–${sun} ${sunMonth} ${sunYear})`;
}

/**
 * The week a weekly digest owes at `at`: the newest ISO week whose weekday lists have
 * all closed. A Monday digest gets the week before; a Saturday one the week just ended
 * (weekend lists are near empty, and waiting a full week for them would help no one).
 * Decided from the newest closed daily list, so a source that ends in the past (the
 * bundled sample) caps weeks exactly as it caps days.
 */
export function weekOwedOn(newestClosedDay: string): string {
  const day = isoWeekday(newestClosedDay);
  // Friday or the weekend: this week's weekdays are all in; Monday to Thursday: last week.
  const friday = addDays(newestClosedDay, day >= 5 ? 5 - day : -day - 2);
  return `${addDays(friday, 2)}${WEEK_SUFFIX}`;
}

/** The week owed at an instant, from the newest closed daily list (capped as the daily list is). */
export const weekOwedAt = (at: Date, cappedDaily?: string): string => weekOwedOn(cappedDaily ?? latestClosedDay(at));

/** The papers of a list, from the source's day or week endpoint. */
export async function fetchList(papers: PaperSource, key: string): Promise<Paper[]> {
  const week = weekOfKey(key);
  return (week ? await papers.week(week) : await papers.day(key)).value;
}
