/**
 * The rules of a digest's settings, in one place: defaults, what a change keeps, how a
 * time and a zone are checked. Commands pass what the person typed; the service applies
 * these and stores the result.
 */
import type { Target } from '../caller.js';
import { PaperboyError } from '../errors.js';
import type { DigestSchedule } from '../store/store.js';
import { WEEKDAY_NAMES } from './lists.js';
import { nextSlot } from './planner.js';
import { checkZone } from './timezones.js';
import { formatClock, parseClock } from './zoned.js';

export const DIGEST_DEFAULTS = {
  time: '09:00',
  timezone: 'Europe/Berlin',
  top: 10,
  minUpvotes: 0,
  days: 'weekdays' as const,
};

/** What a person asked for; anything left out keeps its current value (or the default). */
export interface DigestRequest {
  time?: string;
  timezone?: string;
  top?: number;
  minUpvotes?: number;
  days?: DigestSchedule['days'];
  /** ISO weekday of a weekly digest, Monday 1 … Sunday 7 */
  weekday?: number;
  rank?: DigestSchedule['rank'];
  /** The person's own zone (Slack's tz, the host's TZ): the default before Europe/Berlin */
  ownTimezone?: string;
}

/** The settings a digest `now` or a preview uses: the request over the stored schedule over defaults. */
export const effectiveSettings = (request: DigestRequest, existing: DigestSchedule | undefined) => {
  const rank = request.rank ?? existing?.rank;
  return {
    top: request.top ?? existing?.top ?? DIGEST_DEFAULTS.top,
    minUpvotes: request.minUpvotes ?? existing?.minUpvotes ?? DIGEST_DEFAULTS.minUpvotes,
    ...(rank === 'foryou' ? { rank } : {}),
  };
};

function checkedTime(text: string): string {
  const time = text.trim();
  const minutes = parseClock(time);
  if (minutes === undefined) {
    throw new PaperboyError(
      'bad_input',
      `time=${time.slice(0, 20)} is not a time of day. Use 24-hour HH:MM, e.g. time=09:00 or time=18:30.`,
    );
  }
  return formatClock(minutes);
}

function checkedZone(text: string): string {
  const zone = checkZone(text);
  if (!zone.ok) throw new PaperboyError('bad_input', zone.message);
  return zone.zone;
}

/**
 * How often: `days`, and for a weekly digest its weekday (kept across changes, Monday by
 * default). A weekday on a daily digest would be silently ignored, so it is refused.
 */
function cadence(
  request: DigestRequest,
  existing: DigestSchedule | undefined,
): Pick<DigestSchedule, 'days' | 'weekday'> {
  const days = request.days ?? existing?.days ?? DIGEST_DEFAULTS.days;
  if (days !== 'weekly') {
    if (request.weekday !== undefined) {
      throw new PaperboyError(
        'bad_input',
        `day= picks the weekday of a weekly digest, and this digest runs ${days === 'daily' ? 'every day' : 'on weekdays'}. Add days=weekly, e.g. days=weekly day=${WEEKDAY_NAMES[request.weekday - 1] ?? 'mon'}.`,
      );
    }
    return { days };
  }
  return { days, weekday: request.weekday ?? (existing?.days === 'weekly' ? existing.weekday : undefined) ?? 1 };
}

/**
 * The schedule `digest on` stores. A running digest keeps who made it and when (so its
 * history stays); one that was off or stopped starts afresh, with no back-history of
 * missed lists. `dueAt` is the first slot after now: nothing is owed before it.
 */
export function scheduleFor(
  target: Target,
  request: DigestRequest,
  existing: DigestSchedule | undefined,
  by: string,
  now: Date,
): DigestSchedule {
  const running = existing?.enabled === true && !existing.disabled;
  const schedule: DigestSchedule = {
    target,
    time: checkedTime(request.time ?? existing?.time ?? DIGEST_DEFAULTS.time),
    timezone: checkedZone(request.timezone ?? existing?.timezone ?? request.ownTimezone ?? DIGEST_DEFAULTS.timezone),
    ...effectiveSettings(request, existing),
    ...cadence(request, existing),
    enabled: true,
    createdBy: running ? existing.createdBy : by,
    createdAt: running ? existing.createdAt : now.toISOString(),
  };
  // Something still owed under the old settings stays owed; otherwise wait for the next slot.
  const owed = running && (existing.dueAt === undefined || Date.parse(existing.dueAt) <= now.getTime());
  const next = nextSlot(now, schedule);
  if (!owed && next) schedule.dueAt = next.toISOString();
  return schedule;
}
