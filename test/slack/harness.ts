import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import type { SlackAdapter, SlackDeps } from '../../adapters/slack/index.js';
import { slackPlatform } from '../../adapters/slack/platform.js';
import { commands as defaultCommands } from '../../commands/index.js';
import type { Bot } from '../../src/bot.js';
import { secretButtonKey } from '../../src/button-key.js';
import { defineCommand, flagArg, textArg, type Command, type Services } from '../../src/command.js';
import { loadConfig, Secret } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import { compose, startPlatform } from '../../src/main.js';
import { noopMetrics } from '../../src/metrics.js';
import { errorReply } from '../../src/reply.js';
import { toCard } from '../../src/papers/cards.js';
import { normalizeItems } from '../../src/papers/normalize.js';
import type { Paper } from '../../src/papers/paper.js';
import { parseItems } from '../../src/papers/schemas.js';
import type { PaperSource } from '../../src/papers/source.js';
import type { PaperSearchIndex } from '../../src/search/paper-search-index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { startFakeSlackApi, type FakeSlackApi, type ResponseUrlPost } from '../fakes/slack/fake-slack-api.js';
import { sendBlockAction, sendSlashCommand, type SignOptions } from '../fakes/slack/signed-request.js';

/**
 * The real Bolt App (HTTP receiver on 127.0.0.1:0) wired to a real bot, with the Web API
 * and every response_url on the loopback fake. Papers come from a recorded Hugging Face
 * day (test/fixtures/hf), served by a tiny in-memory PaperSource.
 */
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-bot-token-never-logged';
export const FIXTURE_DAY = '2026-07-22';
/** The harness signs paging buttons with this, so tests can seal (or forge) button values. */
export const BUTTON_KEYS = secretButtonKey(new Secret('test-paperboy-secret-key-0123456789abcdef'));

export function fixturePapers(day = FIXTURE_DAY): Paper[] {
  const path = fileURLToPath(new URL(`../fixtures/hf/daily_papers-${day}.json`, import.meta.url));
  const body: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return normalizeItems(parseItems(body, 'fixture', new MemoryLogger()), day);
}

/** A PaperSource over fixed papers: every day, week and month is this list. */
export function fixedSource(papers: Paper[], today = FIXTURE_DAY): PaperSource {
  const fetched = <T>(value: T) => Promise.resolve({ value, fetchedAt: Date.now() });
  return {
    day: () => fetched(papers),
    week: () => fetched(papers),
    month: () => fetched(papers),
    search: (q) => fetched(papers.filter((p) => p.title.toLowerCase().includes(q.toLowerCase()))),
    paper: (id) => fetched(papers.find((p) => p.id === id)),
    today: () => today,
  };
}

export interface Harness {
  fake: FakeSlackApi;
  slack: SlackAdapter;
  bot: Bot;
  services: Services;
  logger: MemoryLogger;
  eventsUrl: string;
  /** Send `/papers <text>` and wait for `count` answers on its response_url */
  slash(
    text: string,
    opts?: { user?: string; channel?: string; count?: number; id?: string },
  ): Promise<ResponseUrlPost[]>;
  /** Click a paging button and wait for `count` answers on its response_url */
  click(
    value: string,
    opts: { user: string; channel?: string; actionId?: string; count?: number },
  ): Promise<ResponseUrlPost[]>;
  send(
    text: string,
    opts: { user?: string; channel?: string; id: string },
    sign?: SignOptions,
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

let seq = 0;

/**
 * The real bot over the fixture papers and a memory store, with the test commands added,
 * built by the composition root (src/main.ts `compose`).
 */
export function buildBot(
  options: {
    papers?: Paper[];
    extraCommands?: Command[];
    source?: PaperSource;
    search?: PaperSearchIndex;
    now?: Date;
  } = {},
) {
  const logger = new MemoryLogger();
  const commands = [...defaultCommands, ...(options.extraCommands ?? testCommands())];
  const running = compose(loadConfig({}), logger, {
    papers: options.source ?? fixedSource(options.papers ?? fixturePapers()),
    ...(options.search ? { search: options.search } : {}),
    store: new MemoryStore(),
    now: () => options.now ?? new Date(`${FIXTURE_DAY}T12:00:00Z`),
    commands,
  });
  return { bot: running.bot, services: running.services, logger, commands, running };
}

export async function startHarness(
  options: {
    papers?: Paper[];
    extraCommands?: Command[];
    source?: PaperSource;
    search?: PaperSearchIndex;
    now?: Date;
    env?: Record<string, string>;
    deps?: Partial<SlackDeps>;
  } = {},
): Promise<Harness> {
  const fake = await startFakeSlackApi();
  const { bot, services, logger, running } = buildBot(options);
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    ...options.env,
  }).slack!;
  const platform = slackPlatform(config, { deps: { host: '127.0.0.1', retryConfig: { retries: 0 }, ...options.deps } });
  // As the composition root does: `digest now` then posts through this adapter's sink.
  await startPlatform(running, platform, logger, {
    buttonKeys: options.deps?.buttonKeys ?? BUTTON_KEYS,
    metrics: noopMetrics,
  });
  const slack = platform.running()!;
  const address = slack.server!.address();
  if (!address || typeof address !== 'object') throw new Error('the Bolt receiver is not listening');
  const eventsUrl = `http://127.0.0.1:${address.port}/slack/events`;

  const send: Harness['send'] = (text, opts, sign) =>
    sendSlashCommand(
      eventsUrl,
      SIGNING_SECRET,
      {
        text,
        user_id: opts.user ?? 'U0ALICE',
        channel_id: opts.channel ?? 'C0GENERAL',
        response_url: fake.responseUrl(opts.id),
      },
      sign,
    );

  return {
    fake,
    slack,
    bot,
    services,
    logger,
    eventsUrl,
    send,
    async slash(text, opts = {}) {
      const id = opts.id ?? `cmd-${++seq}`;
      const res = await send(text, { ...opts, id });
      if (res.status !== 200) throw new Error(`Bolt answered ${res.status}: ${res.body}`);
      return fake.responsesTo(id, opts.count ?? 1);
    },
    async click(value, opts) {
      const id = `click-${++seq}`;
      const res = await sendBlockAction(eventsUrl, SIGNING_SECRET, {
        user_id: opts.user,
        channel_id: opts.channel ?? 'C0GENERAL',
        response_url: fake.responseUrl(id),
        action_id: opts.actionId ?? 'paperboy_page_next',
        value,
      });
      if (res.status !== 200) throw new Error(`Bolt answered ${res.status}: ${res.body}`);
      return fake.responsesTo(id, opts.count ?? 1);
    },
    async close() {
      await slack.stop();
      await fake.close();
    },
  };
}

/** Every button in a rendered message. */
export function buttonsOf(
  body: ResponseUrlPost['body'],
): { action_id: string; value: string; text: { text: string } }[] {
  const blocks = (body.blocks ?? []) as {
    type: string;
    elements?: { type: string; action_id: string; value: string; text: { text: string } }[];
  }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).filter((e) => e.type === 'button'));
}

/**
 * A channel-scoped command that answers with the Caller the adapter built, so tests can
 * see isDirectMessage and canManageChannel exactly as commands receive them. It asks the
 * core to find out the caller's rights without refusing anyone (`informed`).
 */
export const whoami = defineCommand({
  name: 'whoami',
  summary: 'Test only: echo the caller',
  usage: 'whoami [here]',
  examples: ['whoami here'],
  flags: ['here'],
  args: z.object({ here: flagArg('This channel') }),
  scope: 'channel',
  channelRights: 'informed',
  run: async (ctx) => ({ title: 'whoami', lines: [JSON.stringify(ctx.caller)], visibility: 'private' }),
});

/**
 * `subscribe` as issue 3 specifies it, for as long as the real command has not landed:
 * channel-scoped with `here`, refusing callers without canManageChannel. When the real
 * one is in commands/index.ts the harness uses it instead.
 */
export const subscribeStandIn = defineCommand({
  name: 'subscribe',
  summary: 'Test stand-in for subscribe',
  usage: 'subscribe <topic> [here]',
  examples: ['subscribe grokking here'],
  positional: 'topic',
  flags: ['here'],
  args: z.object({ topic: textArg('Topic', 200), here: flagArg('This channel') }),
  scope: 'channel',
  run: async (ctx) => {
    if (ctx.args.here && !ctx.caller.isDirectMessage && !ctx.caller.canManageChannel) {
      return errorReply('forbidden', 'You need channel-admin rights for that.');
    }
    return {
      title: 'Subscribed',
      lines: [`Subscribed to ${ctx.args.topic}${ctx.args.here ? ' here' : ' by DM'}.`],
      visibility: 'private',
    };
  },
});

/** A reply with 70 cards and no paging (a peak day shown at once), to test splitting. */
export const bigList = defineCommand({
  name: 'biglist',
  summary: 'Test only: 70 cards in one reply',
  usage: 'biglist',
  examples: ['biglist'],
  args: z.object({}),
  scope: 'personal',
  run: async () => {
    const papers = fixturePapers();
    const cards = Array.from({ length: 70 }, (_, i) =>
      toCard({ ...papers[i % papers.length]!, id: `2607.${70000 + i}` }, i + 1),
    );
    return { title: 'Seventy papers', cards, notices: ['A peak day.'], visibility: 'public' };
  },
});

export const testCommands = (): Command[] => [
  whoami,
  bigList,
  ...(defaultCommands.some((c) => c.name === 'subscribe') ? [] : [subscribeStandIn]),
];
