import { excerpt } from '../input.js';
import { editDistance, type WorkMeter } from '../suggest.js';

export { editDistance } from '../suggest.js';

/**
 * Checking what people type as a time zone. Intl accepts the canonical IANA names plus
 * aliases (UTC, Etc/GMT, US/Eastern) in any letter case; we store its canonical spelling.
 * A near miss gets a suggestion ("did you mean Europe/Berlin?") from the canonical list.
 *
 * Abbreviations are not zones: Intl takes "EST" as America/Panama (no daylight saving),
 * "IST" as India and "BST" as Bangladesh, so a New Yorker, a Dubliner or a Londoner
 * would silently get the wrong hour for half the year. Abbreviations that mean one
 * place map to it; the ones that mean several get a question listing the likely zones.
 */
export type ZoneCheck = { ok: true; zone: string } | { ok: false; message: string };

type Abbreviation = string | readonly (readonly [zone: string, what: string])[];

/** What people write, and what they most likely mean. Uppercase keys. */
export const ZONE_ABBREVIATIONS: ReadonlyMap<string, Abbreviation> = new Map<string, Abbreviation>([
  [
    'EST',
    [
      ['America/New_York', 'US & Canada Eastern, with daylight saving'],
      ['America/Panama', 'UTC−5 all year: Panama, Jamaica, Cancún'],
      ['Australia/Sydney', 'Australian Eastern, with daylight saving'],
    ],
  ],
  ['EDT', 'America/New_York'],
  [
    'CST',
    [
      ['America/Chicago', 'US & Canada Central, with daylight saving'],
      ['America/Mexico_City', 'Mexico, UTC−6 all year'],
      ['Asia/Shanghai', 'China Standard Time'],
      ['America/Havana', 'Cuba'],
    ],
  ],
  ['CDT', 'America/Chicago'],
  [
    'MST',
    [
      ['America/Denver', 'US & Canada Mountain, with daylight saving'],
      ['America/Phoenix', 'Arizona, UTC−7 all year'],
    ],
  ],
  ['MDT', 'America/Denver'],
  [
    'PST',
    [
      ['America/Los_Angeles', 'US & Canada Pacific, with daylight saving'],
      ['Asia/Manila', 'Philippine Standard Time'],
    ],
  ],
  ['PDT', 'America/Los_Angeles'],
  ['AKST', 'America/Anchorage'],
  ['AKDT', 'America/Anchorage'],
  ['HST', 'Pacific/Honolulu'],
  [
    'AST',
    [
      ['America/Halifax', 'Atlantic, with daylight saving'],
      ['America/Puerto_Rico', 'Atlantic, UTC−4 all year'],
      ['Asia/Riyadh', 'Arabia Standard Time'],
    ],
  ],
  ['ADT', 'America/Halifax'],
  [
    'NST',
    [
      ['America/St_Johns', 'Newfoundland'],
      ['Pacific/Auckland', 'New Zealand'],
    ],
  ],
  ['NDT', 'America/St_Johns'],
  ['CNT', 'America/St_Johns'],
  [
    'IST',
    [
      ['Asia/Kolkata', 'India Standard Time'],
      ['Europe/Dublin', 'Irish Standard Time'],
      ['Asia/Jerusalem', 'Israel Standard Time'],
    ],
  ],
  [
    'BST',
    [
      ['Europe/London', 'British Summer Time (the UK, GMT in winter)'],
      ['Asia/Dhaka', 'Bangladesh Standard Time'],
    ],
  ],
  ['CET', 'Europe/Berlin'],
  ['CEST', 'Europe/Berlin'],
  ['MET', 'Europe/Berlin'],
  ['MEZ', 'Europe/Berlin'],
  ['MESZ', 'Europe/Berlin'],
  [
    'ECT',
    [
      ['Europe/Paris', 'European Central Time'],
      ['America/Guayaquil', 'Ecuador Time'],
    ],
  ],
  [
    'EET',
    [
      ['Europe/Athens', 'Eastern European: Athens, Helsinki, Bucharest, Kyiv'],
      ['Africa/Cairo', 'Egypt'],
    ],
  ],
  [
    'EEST',
    [
      ['Europe/Athens', 'Eastern European: Athens, Helsinki, Bucharest, Kyiv'],
      ['Africa/Cairo', 'Egypt'],
    ],
  ],
  ['WET', 'Europe/Lisbon'],
  ['WEST', 'Europe/Lisbon'],
  ['MSK', 'Europe/Moscow'],
  ['SAST', 'Africa/Johannesburg'],
  ['WAT', 'Africa/Lagos'],
  ['CAT', 'Africa/Maputo'],
  ['EAT', 'Africa/Nairobi'],
  [
    'ART',
    [
      ['America/Argentina/Buenos_Aires', 'Argentina Time'],
      ['Africa/Cairo', 'Arabic (Egypt) Standard Time'],
    ],
  ],
  ['AGT', 'America/Argentina/Buenos_Aires'],
  ['BRT', 'America/Sao_Paulo'],
  ['BET', 'America/Sao_Paulo'],
  ['PRT', 'America/Puerto_Rico'],
  ['PNT', 'America/Phoenix'],
  ['IET', 'America/Indiana/Indianapolis'],
  ['NET', 'Asia/Yerevan'],
  ['PKT', 'Asia/Karachi'],
  ['PLT', 'Asia/Karachi'],
  ['NPT', 'Asia/Kathmandu'],
  ['ICT', 'Asia/Bangkok'],
  ['VST', 'Asia/Ho_Chi_Minh'],
  ['WIB', 'Asia/Jakarta'],
  ['PHT', 'Asia/Manila'],
  ['SGT', 'Asia/Singapore'],
  ['HKT', 'Asia/Hong_Kong'],
  [
    'CTT',
    [
      ['Asia/Shanghai', 'China'],
      ['Asia/Taipei', 'Taiwan'],
    ],
  ],
  ['JST', 'Asia/Tokyo'],
  ['KST', 'Asia/Seoul'],
  [
    'SST',
    [
      ['Pacific/Pago_Pago', 'Samoa Standard Time'],
      ['Asia/Singapore', 'Singapore Standard Time'],
    ],
  ],
  ['MIT', 'Pacific/Apia'],
  [
    'AEST',
    [
      ['Australia/Sydney', 'New South Wales, Victoria, ACT, Tasmania: with daylight saving'],
      ['Australia/Brisbane', 'Queensland, no daylight saving'],
    ],
  ],
  [
    'AET',
    [
      ['Australia/Sydney', 'New South Wales, Victoria, ACT, Tasmania: with daylight saving'],
      ['Australia/Brisbane', 'Queensland, no daylight saving'],
    ],
  ],
  ['AEDT', 'Australia/Sydney'],
  [
    'ACST',
    [
      ['Australia/Adelaide', 'South Australia, with daylight saving'],
      ['Australia/Darwin', 'Northern Territory, no daylight saving'],
    ],
  ],
  [
    'ACT',
    [
      ['Australia/Adelaide', 'South Australia, with daylight saving'],
      ['Australia/Darwin', 'Northern Territory, no daylight saving'],
      ['America/Rio_Branco', 'Acre Time (Brazil)'],
    ],
  ],
  ['ACDT', 'Australia/Adelaide'],
  ['AWST', 'Australia/Perth'],
  ['NZST', 'Pacific/Auckland'],
  ['NZDT', 'Pacific/Auckland'],
  ['Z', 'UTC'],
]);

interface ZoneName {
  zone: string;
  /** Lower-case forms compared with what was typed: the whole name and its city part */
  forms: readonly string[];
}
let names: ZoneName[] | undefined;
const zoneNames = (): ZoneName[] =>
  (names ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => {
    const z = zone.toLowerCase();
    const city = z.slice(z.lastIndexOf('/') + 1);
    return { zone, forms: city === z ? [z] : [z, city] };
  }));

/** The zone's canonical name, or undefined when Intl does not know it. */
export function canonicalZone(text: string): string | undefined {
  const t = text.trim();
  // Intl also accepts offsets like "+01:00"; a digest needs a real zone with DST rules.
  if (!t || !/^[A-Za-z]/.test(t)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * No zone name is longer than 32 characters, so a longer text cannot be a near miss
 * of one within the distance allowed: it gets no suggestion and costs nothing.
 */
export const ZONE_SUGGEST_MAX = 40;

/**
 * The closest known zone, if it is close enough to be a plausible typo. Bounded work:
 * at most ZONE_SUGGEST_MAX characters are compared, each comparison stops once it
 * cannot beat the best so far, and names of very different length are skipped.
 */
export function suggestZone(text: string, meter?: WorkMeter): string | undefined {
  const wanted = text.trim().toLowerCase();
  if (!wanted || wanted.length > ZONE_SUGGEST_MAX) return undefined;
  let best = Math.max(2, Math.floor(wanted.length / 4)) + 1;
  let found: string | undefined;
  // Compare with the whole name and with the city part, so "Berln" finds Europe/Berlin.
  for (const { zone, forms } of zoneNames()) {
    for (const candidate of forms) {
      if (Math.abs(candidate.length - wanted.length) >= best) continue;
      const d = editDistance(wanted, candidate, best - 1, meter);
      if (d < best) {
        best = d;
        found = zone;
      }
    }
  }
  return found;
}

function abbreviationCheck(t: string): ZoneCheck | undefined {
  if (!/^[A-Za-z]{1,5}$/.test(t)) return undefined;
  const known = ZONE_ABBREVIATIONS.get(t.toUpperCase());
  if (known === undefined) return undefined;
  if (typeof known === 'string') return { ok: true, zone: known };
  const choices = known.map(([zone, what]) => `${zone} (${what})`).join(', ');
  return {
    ok: false,
    message: `${t.toUpperCase()} can mean more than one time zone — which one? ${choices}. Give the zone by name, e.g. tz=${known[0]![0]}.`,
  };
}

export function checkZone(text: string): ZoneCheck {
  const t = text.trim();
  const abbreviation = abbreviationCheck(t);
  if (abbreviation) return abbreviation;
  const zone = canonicalZone(t);
  if (zone) return { ok: true, zone };
  const hint = suggestZone(t);
  const shown = excerpt(t, 40);
  return {
    ok: false,
    message: hint
      ? `${shown} is not a time zone — did you mean ${hint}?`
      : `${shown} is not a time zone. Use an IANA name like Europe/Berlin, America/New_York or UTC.`,
  };
}

/**
 * The host's zone from its TZ setting (`Europe/Berlin`, `:Europe/Berlin`, or a path into
 * zoneinfo), when it names one zone; undefined otherwise (unset, a POSIX rule string,
 * an ambiguous abbreviation), so the caller falls back to its default.
 */
export function hostZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  let name = tz.trim().replace(/^:/, '');
  const inZoneinfo = name.indexOf('zoneinfo/');
  if (inZoneinfo >= 0) name = name.slice(inZoneinfo + 'zoneinfo/'.length);
  if (name.length > ZONE_SUGGEST_MAX) return undefined;
  const check = checkZone(name);
  return check.ok ? check.zone : undefined;
}
