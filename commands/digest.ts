import { z } from 'zod';
import { callerTarget, type Caller, type Target } from '../src/caller.js';
import { defineCommand, flagArg, intArg, type Services } from '../src/command.js';
import { digestCards } from '../src/digest/content.js';
import type { DeliveryReport } from '../src/digest/fanout.js';
import { nextSlot } from '../src/digest/planner.js';
import { previewDigest } from '../src/digest/service.js';
import { checkZone } from '../src/digest/timezones.js';
import { formatClock, localTime, parseClock } from '../src/digest/zoned.js';
import { PaperboyError } from '../src/errors.js';
import { displayDate } from '../src/papers/days.js';
import type { Reply } from '../src/reply.js';
import type { DigestSchedule } from '../src/store/store.js';

const DEFAULTS = { time: '09:00', timezone: 'Europe/Berlin', top: 10, minUpvotes: 0, days: 'weekdays' as const };
/** Cards shown by `digest status` (Discord shows at most 10 embeds in a message). */
const PREVIEW_CARDS = 10;

const args = z.object({
  action: z
    .enum(['on', 'off', 'status', 'now'], { error: 'must be on, off, status or now' })
    .default('status')
    .describe('on, off, status (default) or now'),
  time: z.string().optional().describe('Local time of day, HH:MM (24-hour), default 09:00'),
  tz: z.string().optional().describe('IANA time zone, e.g. Europe/Berlin (default) or America/New_York'),
  top: intArg('How many papers per digest, most upvoted first (default 10)', 1, 25).optional(),
  min_upvotes: intArg('Leave out papers with fewer upvotes (default 0)', 0, 100_000).optional(),
  days: z
    .enum(['weekdays', 'daily'], { error: 'must be "weekdays" (Monday brings Friday\'s list) or "daily"' })
    .optional()
    .describe('weekdays (default) or daily'),
  here: flagArg('This channel instead of your direct messages (needs channel-admin rights)'),
});
type Args = z.output<typeof args>;

export const digest = defineCommand({
  name: 'digest',
  summary: 'A daily digest of the latest closed Daily Papers list, posted as a thread',
  usage:
    'digest on|off|status|now [time=09:00] [tz=Europe/Berlin] [top=10] [min_upvotes=0] [days=weekdays|daily] [here]',
  examples: [
    'digest on',
    'digest on time=08:30 tz=America/New_York top=5 here',
    'digest status',
    'digest now',
    'digest off here',
  ],
  positional: 'action',
  flags: ['here'],
  args,
  scope: 'channel',
  async run({ args: a, caller, services }) {
    const here = a.here === true && !caller.isDirectMessage;
    if (here && a.action !== 'status' && !caller.canManageChannel) {
      throw new PaperboyError(
        'forbidden',
        `Changing this channel's digest needs channel-admin rights. Without \`here\`, \`/papers digest ${a.action}\` sets up your own digest by direct message.`,
      );
    }
    const target = callerTarget(caller, here);
    const where = here ? 'this channel' : 'your direct messages';
    switch (a.action) {
      case 'on':
        return turnOn(a, caller, target, where, services);
      case 'off':
        return turnOff(target, where, services);
      case 'now':
        return postNow(a, target, where, services);
      default:
        return status(target, where, here, services);
    }
  },
});

function validated(a: Args, existing: DigestSchedule | undefined, ownZone?: string) {
  const time = (a.time ?? existing?.time ?? DEFAULTS.time).trim();
  const minutes = parseClock(time);
  if (minutes === undefined) {
    throw new PaperboyError(
      'bad_input',
      `time=${time.slice(0, 20)} is not a time of day. Use 24-hour HH:MM, e.g. time=09:00 or time=18:30.`,
    );
  }
  const zone = checkZone(a.tz ?? existing?.timezone ?? ownZone ?? DEFAULTS.timezone);
  if (!zone.ok) throw new PaperboyError('bad_input', zone.message);
  return { time: formatClock(minutes), timezone: zone.zone };
}

async function turnOn(a: Args, caller: Caller, target: Target, where: string, services: Services): Promise<Reply> {
  const existing = await services.store.digests.get(target);
  const { time, timezone } = validated(a, existing, caller.timezone);
  const now = services.now();
  // A digest that was off (or stopped) starts afresh: no back-history of missed lists.
  const running = existing?.enabled && !existing.disabled;
  const schedule: DigestSchedule = {
    target,
    time,
    timezone,
    top: a.top ?? existing?.top ?? DEFAULTS.top,
    minUpvotes: a.min_upvotes ?? existing?.minUpvotes ?? DEFAULTS.minUpvotes,
    days: a.days ?? existing?.days ?? DEFAULTS.days,
    enabled: true,
    createdBy: running ? existing.createdBy : caller.userId,
    createdAt: running ? existing.createdAt : now.toISOString(),
  };
  await services.store.digests.put(schedule);
  return {
    title: `Daily digest on for ${where}`,
    lines: [
      describeSchedule(schedule),
      nextRunLine(schedule, now),
      'Try it now with `/papers digest now`; switch it off with `/papers digest off`.',
    ],
    visibility: 'private',
  };
}

async function turnOff(target: Target, where: string, services: Services): Promise<Reply> {
  const existing = await services.store.digests.get(target);
  if (!existing?.enabled) {
    return {
      title: `No digest is on for ${where}`,
      lines: ['Nothing to switch off. Turn one on with `/papers digest on`.'],
      visibility: 'private',
    };
  }
  await services.store.digests.put({ ...existing, enabled: false });
  return {
    title: `Daily digest off for ${where}`,
    lines: ['Turn it back on any time with `/papers digest on`; your settings are kept.'],
    visibility: 'private',
  };
}

async function postNow(a: Args, target: Target, where: string, services: Services): Promise<Reply> {
  if (!services.digest) {
    throw new PaperboyError(
      'upstream_unavailable',
      'Digests cannot be posted from here: no chat platform connection is running.',
    );
  }
  const existing = await services.store.digests.get(target);
  const settings = {
    top: a.top ?? existing?.top ?? DEFAULTS.top,
    minUpvotes: a.min_upvotes ?? existing?.minUpvotes ?? DEFAULTS.minUpvotes,
  };
  const report = await services.digest.deliverNow(target, settings);
  return nowReply(report, where);
}

function nowReply(r: DeliveryReport, where: string): Reply {
  const day = displayDate(r.listDate);
  switch (r.outcome) {
    case 'delivered':
      return {
        title: `Posted the ${day} digest to ${where}`,
        lines: [`${r.posted} papers in a thread.`],
        visibility: 'private',
      };
    case 'already_delivered':
      return {
        title: `The ${day} digest was already posted to ${where}`,
        lines: [
          'Each list is sent once to each place; the next one comes after the next list closes (about 01:30 UTC).',
        ],
        visibility: 'private',
      };
    case 'skipped':
      return {
        title: `Nothing to post for ${day}`,
        lines: [r.note ?? 'The digest would be empty.'],
        visibility: 'private',
      };
    case 'gone':
      throw new PaperboyError(
        'forbidden',
        `Paperboy can no longer post to ${where} (${r.note ?? 'target gone'}), so the digest there is stopped. Give Paperboy access again, then run \`/papers digest on\`.`,
      );
    default:
      throw new PaperboyError(
        'upstream_unavailable',
        `The ${day} digest could not be finished: ${r.note ?? 'unknown problem'}. ${r.posted > 0 ? `${r.posted} of ${r.total} papers are posted; ` : ''}it resumes in the same thread on the next try.`,
      );
  }
}

async function status(target: Target, where: string, here: boolean, services: Services): Promise<Reply> {
  const schedule = await services.store.digests.get(target);
  if (!schedule) {
    return {
      title: `No digest for ${where}`,
      lines: [
        `Turn one on with \`/papers digest on${here ? ' here' : ''}\` (options: time=09:00 tz=Europe/Berlin top=10 min_upvotes=0 days=weekdays|daily).`,
      ],
      visibility: 'private',
    };
  }
  const now = services.now();
  const lines = [describeSchedule(schedule)];
  const notices: string[] = [];
  if (schedule.disabled) {
    notices.push(
      `Stopped on ${schedule.disabled.at.slice(0, 10)}: Paperboy could not post here (${schedule.disabled.reason}). Give it access again, then run \`/papers digest on${here ? ' here' : ''}\`.`,
    );
  } else if (!schedule.enabled) {
    lines.push(`Switched off. Turn it back on with \`/papers digest on${here ? ' here' : ''}\`.`);
  } else {
    lines.push(nextRunLine(schedule, now));
  }
  const rows = await services.store.deliveries.since(target, '0000-01-01');
  const last = rows.at(-1);
  if (last)
    lines.push(
      `Last delivery: the ${displayDate(last.listDate)} list — ${stateText(last.state, last.posted.length, last.paperIds.length, last.note)}.`,
    );
  else lines.push('Last delivery: none yet.');

  let cards: ReturnType<typeof digestCards> = [];
  try {
    const preview = await previewDigest(services, target, { top: schedule.top, minUpvotes: schedule.minUpvotes });
    const served = rows.find((r) => r.listDate === preview.listDate && (r.state === 'done' || r.state === 'skipped'));
    if (!served) cards = digestCards(preview.chosen).slice(0, PREVIEW_CARDS);
    lines.push(
      served
        ? `Would include now: nothing new — the ${displayDate(preview.listDate)} list was already ${served.state === 'done' ? 'delivered' : 'handled'} here; the next one comes after the next list closes.`
        : preview.emptyReason
          ? `Would include now: nothing — ${preview.emptyReason}`
          : `Would include now (the ${displayDate(preview.listDate)} list): ${preview.chosen.length} papers${preview.chosen.length > cards.length ? `, first ${cards.length} shown` : ''}.`,
    );
  } catch {
    notices.push("Couldn't preview the next digest: Hugging Face isn't answering right now.");
  }
  return {
    title: `Daily digest for ${where}`,
    lines,
    ...(cards.length ? { cards } : {}),
    ...(notices.length ? { notices } : {}),
    visibility: 'private',
  };
}

function stateText(state: string, posted: number, total: number, note?: string): string {
  if (state === 'done') return `${posted} papers posted`;
  if (state === 'skipped') return `skipped (${note ?? 'nothing to send'})`;
  if (state === 'failed') return `failed after ${posted} of ${total} papers (${note ?? 'unknown'})`;
  return `in progress, ${posted} of ${total} papers posted`;
}

function describeSchedule(s: DigestSchedule): string {
  const when = s.days === 'daily' ? 'every day' : "weekdays (Monday brings Friday's list)";
  return `${when} at ${s.time} ${s.timezone}: the top ${s.top} papers${s.minUpvotes > 0 ? ` with at least ${s.minUpvotes} upvotes` : ''} of the latest closed Daily Papers list, as a thread.`;
}

function nextRunLine(s: DigestSchedule, now: Date): string {
  const next = nextSlot(now, s);
  if (!next) return 'Next run: unknown.';
  const local = localTime(next, s.timezone);
  const utc = next.toISOString();
  return `Next run: ${displayDate(local.date)} ${formatClock(local.minutes)} ${s.timezone} (${displayDate(utc.slice(0, 10))} ${utc.slice(11, 16)} UTC).`;
}
