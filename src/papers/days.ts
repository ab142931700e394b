/**
 * Calendar helpers for the Hugging Face day semantics (ARCHITECTURE.md): the daily list for
 * date D fills from about D 01:30 UTC to D+1 01:30 UTC, weekend lists are empty, and
 * "today" is the UTC date whose list is still filling. All dates are `YYYY-MM-DD` UTC.
 */
const DAY_MS = 86_400_000;
/** Minutes after UTC midnight at which the previous day's list stops changing */
export const LIST_CLOSES_AFTER_MINUTES = 90;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The Date at 00:00 UTC of a valid `YYYY-MM-DD`, or undefined ("2026-02-30" is not a date). */
export function parseDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : undefined;
}

export const formatDate = (d: Date): string => d.toISOString().slice(0, 10);
export const utcToday = (now: Date): string => formatDate(now);
export const addDays = (date: string, n: number): string =>
  formatDate(new Date(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) + n * DAY_MS));

/** 0 = Sunday … 6 = Saturday */
export const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
export const isWeekend = (date: string): boolean => weekday(date) === 0 || weekday(date) === 6;

/** True once the list for `date` can no longer change (its next day's 01:30 UTC has passed). */
export const isClosed = (date: string, now: Date): boolean =>
  now.getTime() >= Date.parse(`${addDays(date, 1)}T00:00:00Z`) + LIST_CLOSES_AFTER_MINUTES * 60_000;

/** The most recent weekday whose list has closed at `now` (Monday morning gets Friday). */
export function latestClosedDay(now: Date): string {
  let d = utcToday(now);
  while (!isClosed(d, now) || isWeekend(d)) d = addDays(d, -1);
  return d;
}

/** The most recent weekday on or before `date`. */
export function previousWeekday(date: string): string {
  let d = date;
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
}

/** ISO 8601 week of a date, `YYYY-Www` */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // Thursday decides the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Monday of an ISO week `YYYY-Www`, or undefined when the week does not exist. */
export function isoWeekMonday(week: string): string | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return undefined;
  const [y, w] = [Number(m[1]), Number(m[2])];
  if (w < 1 || w > 53) return undefined;
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const monday = formatDate(new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS));
  const result = addDays(monday, (w - 1) * 7);
  return isoWeekOf(result) === week ? result : undefined;
}

/** Every date of a month `YYYY-MM`, or undefined when it is not a month. */
export function monthDays(month: string): string[] | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  const out: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addDays(d, 1)) out.push(d);
  return out;
}

// Building a DateTimeFormat is costly (it showed in adapter profiles); reuse one.
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Fri 21 Aug 2026" */
export const displayDate = (date: string): string => dayFormat.format(new Date(`${date}T00:00:00Z`)).replace(',', '');
