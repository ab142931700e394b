import { z } from 'zod';
import { callerTarget } from '../src/caller.js';
import { defineCommand, flagArg, intArg } from '../src/command.js';
import { digestCards } from '../src/digest/content.js';
import type { DeliveryReport } from '../src/digest/fanout.js';
import { WEEKDAY_NAMES, displayList, isWeekKey, weekdayLong, weekdayNumber } from '../src/digest/lists.js';
import { nextSlot } from '../src/digest/planner.js';
import type { DigestStatus } from '../src/digest/service.js';
import { DIGEST_DEFAULTS, type DigestRequest } from '../src/digest/settings.js';
import { formatClock, localTime } from '../src/digest/zoned.js';
import { PaperboyError } from '../src/errors.js';
import { commandFor } from '../src/hints.js';
import { displayDate } from '../src/papers/days.js';
import { type Inline, type Reply, type Text, code, rich } from '../src/reply.js';
import type { DigestSchedule, LastDelivery } from '../src/store/store.js';

/** Papers `digest status` previews: a few titles, not a wall of cards. */
const PREVIEW_TITLES = 3;

const args = z.object({
  action: z
    .enum(['on', 'off', 'status', 'now'], { error: 'must be on, off, status or now' })
    .default('status')
    .describe('on, off, status (default) or now'),
  time: z.string().optional().describe('Local time of day, HH:MM (24-hour), default 09:00').meta({ usage: 'HH:MM' }),
  tz: z
    .string()
    .optional()
    .describe('IANA time zone, e.g. Europe/Berlin (default) or America/New_York')
    .meta({ usage: 'Area/City' }),
  top: intArg('How many papers per digest, most upvoted first (default 10)', 1, 25).optional(),
  min_upvotes: intArg('Leave out papers with fewer upvotes (default 0)', 0, 100_000).optional(),
  days: z
    .enum(['weekdays', 'daily', 'weekly'], {
      error: 'must be "weekdays" (Monday brings Friday\'s list), "daily" or "weekly" (a roundup of the past week)',
    })
    .optional()
    .describe('weekdays (default), daily, or weekly: the top papers of the past week'),
  day: z
    .enum(WEEKDAY_NAMES, { error: 'must be a weekday: mon, tue, wed, thu, fri, sat or sun' })
    .optional()
    .describe('The weekday of a weekly digest, mon (default) … sun')
    .meta({ usage: 'mon' }),
  rank: z
    .enum(['upvotes', 'foryou'], {
      error: 'must be "upvotes" (most upvoted first) or "foryou" (like the saved papers)',
    })
    .optional()
    .describe("Order: upvotes (default) or foryou (like this place's saved papers)"),
  here: flagArg('This channel instead of your direct messages (needs channel-admin rights)'),
});
type Args = z.output<typeof args>;

/** Where the reply says the digest goes, and how to write a follow-up for that same place. */
interface Place {
  where: string;
  cmd(text: string): Inline;
}

export const digest = defineCommand({
  name: 'digest',
  summary: 'A daily or weekly digest of the latest closed Daily Papers lists, posted as a thread',
  examples: [
    'digest on',
    'digest on time=08:30 tz=America/New_York top=5 here',
    'digest on days=weekly day=mon top=10',
    'digest status',
    'digest now',
    'digest off here',
    'digest on rank=foryou here',
  ],
  positional: 'action',
  flags: ['here'],
  args,
  scope: 'channel',
  // Reading a channel's digest status needs no rights; changing or posting it does.
  channelRights: (a) => (a.action === 'status' ? 'none' : 'required'),
  answers: 'private',
  async run({ args: a, caller, services }) {
    const here = a.here === true && !caller.isDirectMessage;
    const place: Place = {
      where: here ? 'this channel' : 'your direct messages',
      cmd: (text) => code(commandFor(caller, text, here)),
    };
    const target = callerTarget(caller, here);
    const service = services.digest;
    switch (a.action) {
      case 'on': {
        const schedule = await service.turnOn(target, requestOf(a, caller.timezone), caller.userId);
        return {
          title: `${cadenceName(schedule)} digest on for ${place.where}`,
          lines: [
            describeSchedule(schedule),
            nextRunLine(schedule, services.now()),
            rich`Try it now with ${place.cmd('digest now')}; switch it off with ${place.cmd('digest off')}.`,
          ],
          visibility: 'private',
        };
      }
      case 'off': {
        const off = await service.turnOff(target);
        return off
          ? {
              title: `${cadenceName(off)} digest off for ${place.where}`,
              lines: [rich`Turn it back on any time with ${place.cmd('digest on')}; your settings are kept.`],
              visibility: 'private',
            }
          : {
              title: `No digest is on for ${place.where}`,
              lines: [rich`Nothing to switch off. Turn one on with ${place.cmd('digest on')}.`],
              visibility: 'private',
            };
      }
      case 'now':
        return nowReply(await service.deliverNow(target, requestOf(a)), place, requestOf(a));
      default:
        return statusReply(await service.status(target), place, services.now());
    }
  },
});

const requestOf = (a: Args, ownTimezone?: string): DigestRequest => ({
  ...(ownTimezone ? { ownTimezone } : {}),
  ...(a.time !== undefined ? { time: a.time } : {}),
  ...(a.tz !== undefined ? { timezone: a.tz } : {}),
  ...(a.top !== undefined ? { top: a.top } : {}),
  ...(a.min_upvotes !== undefined ? { minUpvotes: a.min_upvotes } : {}),
  ...(a.days !== undefined ? { days: a.days } : {}),
  ...(a.day !== undefined ? { weekday: weekdayNumber(a.day) } : {}),
  ...(a.rank !== undefined ? { rank: a.rank } : {}),
});

const cadenceName = (s: Pick<DigestSchedule, 'days'>): string => (s.days === 'weekly' ? 'Weekly' : 'Daily');

function nowReply(r: DeliveryReport, place: Place, request: DigestRequest): Reply {
  const day = displayList(r.listDate);
  const nextList = isWeekKey(r.listDate)
    ? 'the next one comes after the next week closes'
    : 'the next one comes after the next list closes (about 01:30 UTC)';
  switch (r.outcome) {
    case 'delivered':
      return {
        title: `Posted the ${day} digest to ${place.where}`,
        lines: [`${r.posted} ${r.posted === 1 ? 'paper' : 'papers'}${r.threaded ? ' in a thread' : ''}.`],
        visibility: 'private',
      };
    case 'already_delivered':
      return {
        title: `The ${day} digest was already posted to ${place.where}`,
        lines: [`Each list is sent once to each place; ${nextList}.`],
        visibility: 'private',
      };
    case 'in_progress':
      return {
        title: `The ${day} digest is being posted to ${place.where} right now`,
        lines: ['It arrives in one thread; nothing more to do.'],
        visibility: 'private',
      };
    case 'skipped':
      // A list is handled once per place: an earlier "nothing to send" stands, and says when it was decided.
      return r.earlier
        ? {
            title: `The ${day} list was already handled for ${place.where}`,
            lines: [
              `Nothing was sent then: ${r.note ?? 'the digest would have been empty'}`,
              `Each list is handled once per place${request.minUpvotes !== undefined || request.top !== undefined ? ', so other options do not post it again' : ''}; ${nextList}.`,
            ],
            visibility: 'private',
          }
        : {
            title: `Nothing to post for ${day}`,
            lines: [r.note ?? 'The digest would be empty.'],
            visibility: 'private',
          };
    case 'no_platform':
      throw new PaperboyError(
        'upstream_unavailable',
        `Digests cannot be posted from here: no chat platform connection is running (${r.note ?? ''}). Start Paperboy with that platform configured (README, Configuration); the settings here are kept.`,
      );
    case 'gone':
      throw new PaperboyError(
        'forbidden',
        rich`Paperboy can no longer post to ${place.where} (${r.note ?? 'target gone'}), so the digest there is stopped. Give Paperboy access again, then run ${place.cmd('digest on')}.`,
      );
    default:
      throw new PaperboyError(
        'upstream_unavailable',
        `The ${day} digest could not be finished: ${r.note ?? 'unknown problem'}. ${r.posted > 0 ? `${r.posted} of ${r.total} papers are posted; ` : ''}it resumes in the same thread on the next try.`,
      );
  }
}

function statusReply(status: DigestStatus, place: Place, now: Date): Reply {
  const { schedule } = status;
  if (!schedule) {
    return {
      title: `No digest for ${place.where}`,
      lines: [
        rich`Turn one on with ${place.cmd('digest on')} (options: time=${DIGEST_DEFAULTS.time} tz=${DIGEST_DEFAULTS.timezone} top=${DIGEST_DEFAULTS.top} min_upvotes=0 days=weekdays|daily|weekly day=mon).`,
      ],
      visibility: 'private',
    };
  }
  const lines: Text[] = [describeSchedule(schedule)];
  const notices: Text[] = [];
  if (schedule.disabled) {
    notices.push(
      rich`Stopped on ${schedule.disabled.at.slice(0, 10)}: Paperboy could not post here (${schedule.disabled.reason}). Give it access again, then run ${place.cmd('digest on')}.`,
    );
  } else if (!schedule.enabled) {
    lines.push(rich`Switched off. Turn it back on with ${place.cmd('digest on')}.`);
  } else {
    lines.push(nextRunLine(schedule, now));
  }
  lines.push(status.last ? `Last delivery: ${lastText(status.last)}.` : 'Last delivery: none yet.');
  if (!status.preview) notices.push("Couldn't preview the next digest: Hugging Face isn't answering right now.");
  else lines.push(previewLine(status));
  if (status.preview?.rankNote) notices.push(status.preview.rankNote);
  return {
    title: `${cadenceName(schedule)} digest for ${place.where}`,
    lines,
    ...(notices.length ? { notices } : {}),
    visibility: 'private',
  };
}

function previewLine(status: DigestStatus): string {
  const preview = status.preview!;
  const day = displayList(preview.listDate);
  if (status.served) {
    return `Would include now: nothing new — the ${day} list was already ${status.served} here; the next one comes after the next list closes.`;
  }
  if (preview.emptyReason) return `Would include now: nothing — ${preview.emptyReason}`;
  const titles = digestCards(preview.chosen)
    .slice(0, PREVIEW_TITLES)
    .map((c) => `“${c.title.length > 80 ? `${c.title.slice(0, 79)}…` : c.title}”`);
  const more = preview.chosen.length - titles.length;
  const count = `${preview.chosen.length} ${preview.chosen.length === 1 ? 'paper' : 'papers'}`;
  return `Would include now (the ${day} list): ${count}, led by ${titles.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`;
}

function lastText(last: LastDelivery): string {
  const list = `the ${displayList(last.listDate)} list`;
  if (last.state === 'done') return `${list} — ${last.posted} ${last.posted === 1 ? 'paper' : 'papers'} posted`;
  if (last.state === 'skipped') return `${list} — skipped (${last.note ?? 'nothing to send'})`;
  if (last.state === 'failed')
    return `${list} — failed after ${last.posted} of ${last.total} papers (${last.note ?? 'unknown'})`;
  return `${list} — in progress, ${last.posted} of ${last.total} papers posted`;
}

function describeSchedule(s: DigestSchedule): string {
  const upvotes = s.minUpvotes > 0 ? ` with at least ${s.minUpvotes} upvotes` : '';
  const forYou = s.rank === 'foryou' ? ", most like the saved papers first (each with 'like: …')" : '';
  if (s.days === 'weekly') {
    return `every ${weekdayLong(s.weekday ?? 1)} at ${s.time} ${s.timezone}: the top ${s.top} papers${upvotes} of the past week (the newest closed ISO week)${forYou}, as a thread.`;
  }
  const when = s.days === 'daily' ? 'every day' : "weekdays (Monday brings Friday's list)";
  return `${when} at ${s.time} ${s.timezone}: the top ${s.top} papers${upvotes} of the latest closed Daily Papers list${forYou}, as a thread.`;
}

/** Local time and zone, and the same instant in UTC — once, when the zone is UTC. */
function nextRunLine(s: DigestSchedule, now: Date): string {
  const next = nextSlot(now, s);
  if (!next) return 'Next run: unknown.';
  const local = localTime(next, s.timezone);
  const utc = next.toISOString();
  const localText = `${displayDate(local.date)} ${formatClock(local.minutes)} ${s.timezone}`;
  if (/^(Etc\/)?(UTC|GMT|Zulu|UCT|Universal)$/i.test(s.timezone)) return `Next run: ${localText}.`;
  return `Next run: ${localText} (${displayDate(utc.slice(0, 10))} ${utc.slice(11, 16)} UTC).`;
}
