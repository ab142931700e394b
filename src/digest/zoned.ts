/**
 * Wall-clock helpers for IANA time zones, built on Intl only (no date library). The
 * planner compares *local* times ("is it 02:30 or later today in New York?") so DST gaps
 * and skipped cron ticks cannot lose a digest.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight, 0..1439 */
  minutes: number;
}

function localFields(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out;
}

/**
 * Small memo for pure, hot lookups: the scheduler asks the same questions every minute
 * for every schedule, and Intl formatting costs microseconds each. Cleared when full.
 */
export function memo<V>(limit: number): (key: string, compute: () => V) => V {
  const cache = new Map<string, V>();
  return (key, compute) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      v = compute();
      cache.set(key, v);
    }
    return v;
  };
}
const localMemo = memo<LocalTime>(20_000);
const instantMemo = memo<number>(20_000);

/** The local date and time of day of an instant in a zone. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  // Every zone in use today has whole-minute offsets, so the minute decides the answer.
  const minute = Math.floor(instant.getTime() / 60_000);
  const cached = localMemo(`${timeZone}|${minute}`, () => {
    const f = localFields(new Date(minute * 60_000), timeZone);
    const pad = (n: number | undefined, w = 2): string => String(n ?? 0).padStart(w, '0');
    return { date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`, minutes: (f.hour ?? 0) * 60 + (f.minute ?? 0) };
  });
  return { ...cached };
}

/** "09:30" → 570; undefined unless a valid 24-hour HH:MM (or H:MM). */
export function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h <= 23 && min <= 59 ? h * 60 + min : undefined;
}

export const formatClock = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Offset of the zone from UTC at an instant, in minutes (Berlin in summer: +120). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const f = localFields(instant, timeZone);
  const asUtc = Date.UTC(f.year ?? 1970, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant at which local `date` reaches `minutes` past midnight in `timeZone`. When
 * that wall time does not exist (spring-forward gap: 02:30 in New York on the DST day),
 * the answer is the first instant after the gap, because that is when "local time ≥
 * 02:30" first becomes true.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  return new Date(instantMemo(`${timeZone}|${date}|${minutes}`, () => computeZonedInstant(date, minutes, timeZone)));
}

function computeZonedInstant(date: string, minutes: number, timeZone: string): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const first = wall - offsetMinutes(new Date(wall), timeZone) * 60_000;
  const second = wall - offsetMinutes(new Date(first), timeZone) * 60_000;
  const matches = (t: number): boolean => {
    const l = localTime(new Date(t), timeZone);
    return l.date === date && l.minutes === minutes;
  };
  if (matches(second)) return second;
  if (matches(first)) return first;
  // In a gap both candidates straddle it; the later one is already past the gap. Walk
  // back to the first minute at which the local clock reads >= the wanted time.
  let t = Math.max(first, second);
  while (t - 60_000 > Math.min(first, second)) {
    const l = localTime(new Date(t - 60_000), timeZone);
    if (l.date < date || (l.date === date && l.minutes < minutes)) break;
    t -= 60_000;
  }
  return t;
}
