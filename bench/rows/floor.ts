/**
 * Row 8: the stack floor (issue 15). In one process, on the same loopback fakes, requests
 * alternate between Paperboy's warm `/papers today` and a minimal bot on the same SDK that
 * answers every command with one static reply of the same size — the very reply Paperboy
 * gave (captured first), so both send equal bytes:
 * - Discord: the real discord.js Client; the floor bot is `interaction.reply(captured)`.
 * - Slack: the real Bolt App (HTTP receiver); the floor app is `ack()` then
 *   `respond(captured)` to the response_url, as Paperboy answers.
 * Figures: Paperboy ÷ floor at p50 and p99 of dispatch → answer. Goal: ≤ 1.3× at p50.
 *
 *   node --import tsx bench/rows/floor.ts [requests=500]
 */
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { Client, Events, GatewayIntentBits, type InteractionReplyOptions } from 'discord.js';
import { FakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../test/fakes/slack/fake-slack-api.js';
import { sendSlashCommand } from '../../test/fakes/slack/signed-request.js';
import { FakeHf } from '../../test/papers/fake-hf.js';
import {
  discordCommand,
  hfServices,
  SIGNING_SECRET,
  slackCommand,
  startDiscordStack,
  startSlackStack,
  type DiscordStack,
} from '../../test/reliability/stacks.js';
import { percentile, round, runRow, type Figure, type RowResult } from '../lib/stats.js';

const REQUESTS = Number(process.argv[2] ?? 500);
const WARMUP = 50;
const ROW = '8. stack floor: Paperboy ÷ a minimal bot on the same SDK';

/** A bare discord.js bot answering every interaction with `reply`. */
async function discordFloor(reply: InteractionReplyOptions): Promise<{ stack: DiscordStack; close(): Promise<void> }> {
  const fake = await FakeDiscord.start();
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (i) => {
    if (i.isRepliable()) void i.reply(reply);
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login('floor-bot-token');
  await ready;
  const close = async () => {
    await client.destroy();
    await fake.close();
  };
  // discordCommand reads only the fake.
  return { stack: { fake } as unknown as DiscordStack, close };
}

/** A bare Bolt app (HTTP receiver) acking every /papers and posting `body` to its response_url. */
async function slackFloor(body: Record<string, unknown>): Promise<{
  fake: FakeSlackApi;
  url: string;
  close(): Promise<void>;
}> {
  const fake = await startFakeSlackApi();
  const app = new App({
    token: 'xoxb-floor-token',
    signingSecret: SIGNING_SECRET,
    clientOptions: { slackApiUrl: fake.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.command('/papers', async ({ ack, respond }) => {
    await ack();
    await respond(body as Parameters<typeof respond>[0]);
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the floor Bolt app is not listening');
  return {
    fake,
    url: `http://127.0.0.1:${address.port}/slack/events`,
    close: async () => {
      await app.stop();
      await fake.close();
    },
  };
}

let floorSeq = 0;
async function slackFloorCommand(floor: { fake: FakeSlackApi; url: string }): Promise<number> {
  const id = `floor-${++floorSeq}`;
  const started = performance.now();
  const answered = floor.fake.responsesTo(id, 1, 15_000);
  const res = await sendSlashCommand(floor.url, SIGNING_SECRET, {
    text: 'today',
    user_id: `U0FLOOR${floorSeq % 5000}`,
    channel_id: 'C0BENCH',
    response_url: floor.fake.responseUrl(id),
  });
  if (res.status !== 200) throw new Error(`the floor app answered ${res.status}`);
  const [post] = await answered;
  return post!.at - started;
}

function ratios(name: string, ours: number[], floor: number[], bytes: number, notes: string[]): Figure[] {
  const [p50, f50, p99, f99] = [
    percentile(ours, 50),
    percentile(floor, 50),
    percentile(ours, 99),
    percentile(floor, 99),
  ];
  notes.push(
    `${name}: Paperboy p50 ${round(p50)} ms, p99 ${round(p99)} ms; floor p50 ${round(f50)} ms, p99 ${round(f99)} ms; ${REQUESTS} of each, alternating, after ${WARMUP} warm-up each; reply ${bytes} bytes of JSON`,
  );
  return [
    {
      name: `${name}: Paperboy ÷ floor at p50`,
      value: round(p50 / f50, 2),
      unit: 'x',
      target: '<= 1.3x',
      met: p50 / f50 <= 1.3,
    },
    { name: `${name}: Paperboy ÷ floor at p99`, value: round(p99 / f99, 2), unit: 'x' },
  ];
}

async function discordRow(hfUrl: string, notes: string[]): Promise<Figure[]> {
  const ours = await startDiscordStack(hfServices(hfUrl));
  // The reply to copy: a direct answer (a deferred one is only "thinking…"); on a busy
  // machine the first few may be deferred, so ask until one is not, else take an edit.
  let data: Record<string, unknown> | undefined;
  for (let i = 0; i < 50 && !data; i++) {
    await discordCommand(ours);
    const cb = ours.fake.requests.findLast((r) => r.path.endsWith('/callback'))!.body as {
      type: number;
      data?: Record<string, unknown>;
    };
    if (cb.type === 4) data = cb.data;
  }
  if (!data) {
    data = ours.fake.requests.findLast((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'))!
      .body as Record<string, unknown>;
    notes.push("discord: every warm-up answer was deferred; the floor copies Paperboy's edit instead");
  }
  const captured = data;
  const { embeds, components, content, flags } = captured;
  const reply = { embeds, components, content, flags, allowedMentions: { parse: [] } } as InteractionReplyOptions;
  const floor = await discordFloor(reply);
  try {
    for (let i = 0; i < WARMUP; i++) {
      await discordCommand(ours);
      await discordCommand(floor.stack);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      a.push((await discordCommand(ours)).answerMs);
      b.push((await discordCommand(floor.stack)).answerMs);
    }
    return ratios('discord /papers today', a, b, JSON.stringify(captured).length, notes);
  } finally {
    await floor.close();
    await ours.close();
  }
}

async function slackRow(hfUrl: string, notes: string[]): Promise<Figure[]> {
  const ours = await startSlackStack(hfServices(hfUrl));
  await slackCommand(ours);
  const captured = ours.fake.responses.at(-1)!.body;
  const floor = await slackFloor(captured);
  try {
    for (let i = 0; i < WARMUP; i++) {
      await slackCommand(ours);
      await slackFloorCommand(floor);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      a.push((await slackCommand(ours)).answerMs);
      b.push(await slackFloorCommand(floor));
    }
    return ratios('slack /papers today', a, b, JSON.stringify(captured).length, notes);
  } finally {
    await floor.close();
    await ours.close();
  }
}

runRow(ROW, async (): Promise<RowResult> => {
  const hf = await new FakeHf().start();
  const notes: string[] = [];
  try {
    const figures = [...(await discordRow(hf.url, notes)), ...(await slackRow(hf.url, notes))];
    notes.push(
      'dispatch → answer: Discord, INTERACTION_CREATE sent → the callback (or the edit after a defer) at the fake; Slack, the signed POST sent → the response_url post',
    );
    return { row: ROW, figures, notes };
  } finally {
    await hf.stop();
  }
});
