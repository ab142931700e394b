/**
 * Row 6 (issue 13 item 10): what a burst of maximum-length hostile inputs costs someone
 * else. 20 hostile commands are dispatched at once, immediately followed by another
 * person's `/papers today`; the figure is how much later that answer comes than the
 * same command's median with no burst. Through the Discord stack (options up to
 * Discord's 6,000 characters, and the 40-character time zones that make the
 * suggestion search work hardest) and the Slack stack (signed slash commands at Slack's
 * 1,987-character maximum). Also the event-loop time one hostile command costs the core.
 *
 *   node --import tsx bench/rows/hostile.ts [rounds=15]
 */
import { FakeHf } from '../../test/papers/fake-hf.js';
import { chatInput, PERMS, type SubOption } from '../../test/fakes/discord/payloads.js';
import { sendSlashCommand } from '../../test/fakes/slack/signed-request.js';
import {
  discordCommand,
  hfServices,
  SIGNING_SECRET,
  slackCommand,
  startDiscordStack,
  startSlackStack,
} from '../../test/reliability/stacks.js';
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot.js';
import { median, percentile, round, runRow, seeded, sleep, type Figure, type RowResult } from '../lib/stats.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const BURST = 20;
const BASELINE = 40;
const TARGET_MS = 100;

const random = seeded(13);
const zoneish = (n: number): string => {
  const parts = ['Europe/', 'America/', 'Berlin', 'New_York', 'a', 'e', '/', '_', 'x', 'Pacific/', 'Argentina/'];
  let s = '';
  while (s.length < n) s += parts[Math.floor(random() * parts.length)];
  return s.slice(0, n);
};

/** The control burst: 20 short bad commands, the cost of any 20 commands at once. */
const discordShort = (i: number): { sub: string; options: SubOption[] } => ({
  sub: 'today',
  options: [{ name: 'top', type: 3, value: String(i % 2 ? 0 : 500) }],
});
const slackShort = (i: number): string => `today top=${i % 2 ? 0 : 500}`;

/** The Discord burst: each kind of argument at its worst, six thousand characters or the suggestion-heavy 40. */
function discordHostile(i: number): { sub: string; options: SubOption[] } {
  const text = (name: string, value: string): SubOption => ({ name, type: 3, value });
  switch (i % 5) {
    case 0:
      return { sub: 'digest', options: [text('action', 'on'), text('tz', zoneish(6000))] };
    case 1:
      return { sub: 'digest', options: [text('action', 'on'), text('tz', zoneish(40))] };
    case 2:
      return { sub: 'week', options: [text('week', '2026-W33'.repeat(750))] };
    case 3:
      return { sub: 'search', options: [text('query', '"a '.repeat(2000))] };
    default:
      return { sub: 'subscribe', options: [text('topic', `(${'x OR '.repeat(1200)}`)] };
  }
}

function slackHostile(i: number): string {
  const max = 1987;
  switch (i % 4) {
    case 0:
      return `digest on tz=${zoneish(max)}`.slice(0, max);
    case 1:
      return `digest on tz=${zoneish(40)}`;
    case 2:
      return `week ${'2026-W33'.repeat(300)}`.slice(0, max);
    default:
      return `search ${'"a '.repeat(700)}`.slice(0, max);
  }
}

/**
 * The figures: extra delay after the hostile burst, after the control burst of 20 short
 * commands, and the difference of their medians — what the hostility itself costs.
 */
const extraDelay = (name: string, hostile: number[], control: number[], base: number): Figure[] => {
  const extras = hostile.map((ms) => ms - base);
  const controls = control.map((ms) => ms - base);
  const worst = Math.max(...extras);
  const cost = median(extras) - median(controls);
  return [
    { name: `${name}: extra delay after ${BURST} hostile inputs, p50`, value: round(median(extras)), unit: 'ms' },
    { name: `${name}: extra delay after ${BURST} hostile inputs, max of ${ROUNDS}`, value: round(worst), unit: 'ms' },
    {
      name: `${name}: extra delay after ${BURST} short commands (control), p50`,
      value: round(median(controls)),
      unit: 'ms',
    },
    {
      name: `${name}: hostility's own cost (hostile p50 − control p50)`,
      value: round(cost),
      unit: 'ms',
      target: `<= ${TARGET_MS} ms`,
      met: cost <= TARGET_MS,
    },
  ];
};

async function discord(hfUrl: string, figures: Figure[], notes: string[]): Promise<void> {
  const stack = await startDiscordStack(hfServices(hfUrl));
  try {
    for (let i = 0; i < 20; i++) await discordCommand(stack);
    const base: number[] = [];
    for (let i = 0; i < BASELINE; i++) base.push((await discordCommand(stack)).answerMs);
    const hostile: number[] = [];
    const control: number[] = [];
    for (let r = 0; r < ROUNDS * 2; r++) {
      const kind = r % 2 ? discordShort : discordHostile;
      for (let i = 0; i < BURST; i++) {
        const { sub, options } = kind(i);
        const user = { id: String(900000000000300000n + BigInt(r * BURST + i)), username: `burst${i}` };
        stack.fake.interact(chatInput('papers', sub, options, { user, permissions: PERMS.member }));
      }
      (r % 2 ? control : hostile).push((await discordCommand(stack)).answerMs);
      await sleep(300);
    }
    notes.push(`discord: today alone p50 ${round(median(base))} ms, p99 ${round(percentile(base, 99))} ms`);
    figures.push(...extraDelay('discord', hostile, control, median(base)));
  } finally {
    await stack.close();
  }
}

async function slack(hfUrl: string, figures: Figure[], notes: string[]): Promise<void> {
  const stack = await startSlackStack(hfServices(hfUrl));
  try {
    for (let i = 0; i < 20; i++) await slackCommand(stack);
    const base: number[] = [];
    for (let i = 0; i < BASELINE; i++) base.push((await slackCommand(stack)).answerMs);
    const hostile: number[] = [];
    const control: number[] = [];
    const acks: number[] = [];
    for (let r = 0; r < ROUNDS * 2; r++) {
      const kind = r % 2 ? slackShort : slackHostile;
      const burst = Array.from({ length: BURST }, (_, i) =>
        sendSlashCommand(stack.eventsUrl, SIGNING_SECRET, {
          text: kind(i),
          user_id: `U0HOSTILE${i}`,
          channel_id: 'C0BENCH',
          response_url: stack.fake.responseUrl(`hostile-${r}-${i}`),
        }),
      );
      const t = await slackCommand(stack);
      (r % 2 ? control : hostile).push(t.answerMs);
      if (r % 2 === 0) acks.push(t.ackMs);
      await Promise.all(burst);
      await sleep(300);
    }
    notes.push(
      `slack: today alone p50 ${round(median(base))} ms; its ack during the bursts: max ${round(Math.max(...acks))} ms`,
    );
    figures.push(...extraDelay('slack', hostile, control, median(base)));
  } finally {
    await stack.close();
  }
}

/** Event-loop time of one hostile command in the core, without any network. */
async function coreCost(hfUrl: string, figures: Figure[]): Promise<void> {
  const services = hfServices(hfUrl);
  const bot = createBot(services, commands);
  const caller = {
    platform: 'discord' as const,
    userId: 'U1',
    workspaceId: 'W1',
    channelId: 'C1',
    isDirectMessage: false,
    canManageChannel: false,
  };
  const samples: number[] = [];
  // One of each first: the first call of a kind builds caches (zone list, JIT), not hostile work.
  for (let i = 0; i < 5; i++) {
    const { sub, options } = discordHostile(i);
    await bot.handle({ caller, name: sub, args: Object.fromEntries(options.map((o) => [o.name, String(o.value)])) });
  }
  for (let i = 0; i < 400; i++) {
    const { sub, options } = discordHostile(i);
    const args = Object.fromEntries(options.map((o) => [o.name, String(o.value)]));
    const started = performance.now();
    await bot.handle({ caller, name: sub, args });
    samples.push(performance.now() - started);
  }
  figures.push(
    { name: 'core: one maximum-length hostile command, p50', value: round(median(samples), 3), unit: 'ms' },
    { name: 'core: one maximum-length hostile command, max', value: round(Math.max(...samples), 3), unit: 'ms' },
  );
}

runRow('6. hostile burst', async (): Promise<RowResult> => {
  const hf = await new FakeHf().start();
  const figures: Figure[] = [];
  const notes: string[] = [
    `${ROUNDS} rounds each, alternating: ${BURST} hostile commands (or ${BURST} short bad ones, the control) at once, then another person's /papers today; extra delay = its answer time − its median with no burst (${BASELINE} requests)`,
  ];
  try {
    await coreCost(hf.url, figures);
    await discord(hf.url, figures, notes);
    await slack(hf.url, figures, notes);
  } finally {
    await hf.stop();
  }
  return { row: '6. hostile burst', figures, notes };
});
