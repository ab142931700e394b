/**
 * The real stacks the bench figures and the reliability suite run through, on loopback fakes only:
 * FakeHf → HfClient → CachedSource → bot, then the real discord.js Client against
 * FakeDiscord, or the real Bolt App against the fake Slack Web API. Shared by the
 * latency bench and the soak tests so both measure the same wiring.
 */
import { startDiscord, type RunningDiscord } from '../../adapters/discord/index.js';
import { createServices } from '../../src/services.js';
import { startSlack, type SlackAdapter } from '../../adapters/slack/index.js';
import { commands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Services } from '../../src/command.js';
import { loadConfig, Secret } from '../../src/config.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient, type HfClientOptions } from '../../src/papers/hf-client.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FAKE_APP_ID, chatInput, PERMS } from '../fakes/discord/payloads.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { sendSlashCommand } from '../fakes/slack/signed-request.js';

/** A weekday with a bundled list, at noon UTC: the list is open, so "today" is it. */
export const BENCH_NOW = new Date('2026-08-21T12:00:00Z');
export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

/** Services over live-shaped Hugging Face (through the cache), clock frozen at BENCH_NOW. */
export function hfServices(
  hfUrl: string,
  opts: { logger?: Logger; client?: Partial<HfClientOptions>; now?: Date } = {},
): Services {
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? BENCH_NOW;
  const api = new HfClient({ baseUrl: hfUrl, logger, ...opts.client });
  const papers = new CachedSource({ api, logger, now: () => now.getTime() });
  return createServices({ papers, store: new MemoryStore(), logger, now: () => now });
}

export interface DiscordStack {
  fake: FakeDiscord;
  discord: RunningDiscord;
  bot: Bot;
  close(): Promise<void>;
}

/** `apiUrl` lets a caller put something (a rate-limit proxy) between the Client and the fake's REST. */
export async function startDiscordStack(
  services: Services,
  opts: { apiUrl?: (fake: FakeDiscord) => Promise<string> } = {},
): Promise<DiscordStack> {
  const fake = await FakeDiscord.start();
  const apiUrl = opts.apiUrl ? await opts.apiUrl(fake) : fake.apiUrl;
  const bot = createBot(services, commands);
  const discord = await startDiscord({
    bot,
    commands,
    services,
    config: { token: new Secret('bench-bot-token'), appId: FAKE_APP_ID, guildId: undefined, apiUrl },
    logger: services.logger,
  });
  return {
    fake,
    discord,
    bot,
    async close() {
      await discord.stop();
      await fake.close();
    },
  };
}

export interface DiscordTiming {
  /** dispatch → first callback (reply or defer) */
  firstMs: number;
  /** dispatch → the answer itself (the reply, or the edit after a defer) */
  answerMs: number;
  deferred: boolean;
}

let userSeq = 0;
/** Dispatch one `/papers <sub>` INTERACTION_CREATE and time the callback and the answer. */
export async function discordCommand(stack: DiscordStack, sub = 'today', timeoutMs = 15_000): Promise<DiscordTiming> {
  const user = { id: String(900000000000100000n + BigInt(++userSeq % 5000)), username: 'bench' };
  const payload = chatInput('papers', sub, [], { user, permissions: PERMS.member });
  const { fake } = stack;
  fake.interact(payload);
  const sent = fake.dispatchedAt.get(payload.id)!;
  const cb = await fake.waitFor((r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`, timeoutMs);
  const deferred = cb.body?.type === 5;
  let answeredAt = cb.at;
  if (deferred) {
    const edit = await fake.waitFor(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/${payload.token}/messages/@original`),
      timeoutMs,
    );
    answeredAt = edit.at;
  }
  return { firstMs: cb.at - sent, answerMs: answeredAt - sent, deferred };
}

export interface SlackStack {
  fake: FakeSlackApi;
  slack: SlackAdapter;
  bot: Bot;
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startSlackStack(services: Services): Promise<SlackStack> {
  const fake = await startFakeSlackApi();
  const bot = createBot(services, commands);
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
  }).slack!;
  const slack = await startSlack({
    bot,
    commands,
    services,
    config,
    logger: services.logger,
    host: '127.0.0.1',
    retryConfig: { retries: 0 },
  });
  const address = slack.server!.address();
  if (!address || typeof address !== 'object') throw new Error('the Bolt receiver is not listening');
  const stack: SlackStack = {
    fake,
    slack,
    bot,
    eventsUrl: `http://127.0.0.1:${address.port}/slack/events`,
    async close() {
      await slack.stop();
      await fake.close();
    },
  };
  // One listener, many waiters: each command waits for its own response_url.
  const waiting = new Map<string, (at: number) => void>();
  fake.onResponse = (post) => waiting.get(post.id)?.(post.at);
  slackWaiters.set(stack, waiting);
  return stack;
}

const slackWaiters = new WeakMap<SlackStack, Map<string, (at: number) => void>>();

export interface SlackTiming {
  ackMs: number;
  answerMs: number;
  status: number;
}

let slackSeq = 0;
/** POST one signed `/papers <text>` and time the ack (HTTP answer) and the response_url post. */
export async function slackCommand(stack: SlackStack, text = 'today', timeoutMs = 15_000): Promise<SlackTiming> {
  const id = `bench-${++slackSeq}`;
  const waiting = slackWaiters.get(stack)!;
  const answered = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error(`no answer on response_url ${id} within ${timeoutMs} ms`));
    }, timeoutMs);
    waiting.set(id, (at) => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(at);
    });
  });
  const started = performance.now();
  const res = await sendSlashCommand(stack.eventsUrl, SIGNING_SECRET, {
    text,
    user_id: `U0BENCH${slackSeq % 5000}`,
    channel_id: 'C0BENCH',
    response_url: stack.fake.responseUrl(id),
  });
  const ackMs = performance.now() - started;
  if (res.status !== 200) {
    waiting.delete(id);
    throw new Error(`Bolt answered ${res.status}: ${res.body}`);
  }
  const at = await answered;
  return { ackMs, answerMs: at - started, status: res.status };
}
