/**
 * The rules of an alert's settings: limits, the poll interval and its Hugging Face
 * budget, how quiet hours are read and checked. Commands pass what the person typed;
 * the poller (poller.ts) reads the stored result.
 */
import { DIGEST_DEFAULTS } from '../digest/settings.js';
import { checkZone } from '../digest/timezones.js';
import { formatClock, localTime, parseClock } from '../digest/zoned.js';
import { PaperboyError } from '../errors.js';
import { excerpt } from '../input.js';
import type { QuietHours } from '../store/alert-types.js';

/** Per place: alerts post one message per paper, so fewer than topics (25). */
export const ALERTS_PER_TARGET = 10;

/**
 * How often the list still filling is looked at. One poll serves every alert: it asks
 * for today's list (and yesterday's while it is still open) through the shared cache,
 * so however many alerts there are, an instance spends at most 2 Hugging Face requests
 * per poll — 2 per 5 minutes against the anonymous budget of 500 per 5 minutes (0.4 %).
 * The cache (HF_CACHE_TTL_SECONDS, default 600) refreshes an open list at most once per
 * TTL, so a new paper is seen within one TTL and posted at the next poll after that.
 */
export const ALERT_POLL_INTERVAL_MS = 5 * 60_000;
/** Hugging Face requests one poll may cause at most (today's list, and yesterday's until it closes). */
export const ALERT_REQUESTS_PER_POLL = 2;
/** Posts to one place in one poll: a broad new alert fills in over a few polls instead of flooding. */
export const ALERT_POSTS_PER_PLACE_PER_POLL = 5;

const QUIET = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/;
const QUIET_HELP = 'Use quiet=HH:MM-HH:MM in 24-hour time, e.g. quiet=22:00-08:00 (overnight) or quiet=12:00-13:30.';

/** `22:00-08:00` → { from: '22:00', to: '08:00' }; a clear error otherwise. */
export function parseQuietHours(text: string): QuietHours {
  const m = QUIET.exec(text.trim());
  const from = m ? parseClock(m[1]!) : undefined;
  const to = m ? parseClock(m[2]!) : undefined;
  if (from === undefined || to === undefined) {
    throw new PaperboyError('bad_input', `quiet=${excerpt(text.trim(), 20)} is not a range of hours. ${QUIET_HELP}`);
  }
  if (from === to) {
    throw new PaperboyError(
      'bad_input',
      `quiet=${formatClock(from)}-${formatClock(to)} starts and ends at the same time. ${QUIET_HELP}`,
    );
  }
  return { from: formatClock(from), to: formatClock(to) };
}

/** The zone quiet hours are read in: tz= if given, else the person's own, else the digests' default. */
export function alertZone(tz: string | undefined, ownTimezone: string | undefined): string {
  if (tz === undefined) return ownTimezone ?? DIGEST_DEFAULTS.timezone;
  const zone = checkZone(tz);
  if (!zone.ok) throw new PaperboyError('bad_input', zone.message);
  return zone.zone;
}

/** Is `now` inside the quiet hours, in `timeZone`? `from` > `to` wraps midnight. */
export function inQuietHours(quiet: QuietHours | undefined, timeZone: string, now: Date): boolean {
  if (!quiet) return false;
  const minutes = localTime(now, timeZone).minutes;
  const from = parseClock(quiet.from)!;
  const to = parseClock(quiet.to)!;
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

/** "quiet 22:00–08:00 Europe/Berlin" */
export const describeQuiet = (quiet: QuietHours, timeZone: string): string =>
  `quiet ${quiet.from}–${quiet.to} ${timeZone}`;
