import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FAKE_APP_ID, FAKE_GUILD_ID } from '../fakes/discord/payloads.js';
import { FAKE_TEAM_ID, startFakeSlackApi, type FakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { silentLogger } from '../../src/logger.js';
import type { Target } from '../../src/caller.js';
import type { Store } from '../../src/store/store.js';
import { pgUrl } from '../store/pg-env.js';
import { untilReady } from './until-ready.js';

/**
 * Several Paperboy instances on one PostgreSQL and the loopback Discord and Slack fakes,
 * with digests due in channels on both platforms: run them, SIGKILL one at a random
 * point, and count what each channel really shows.
 */
const CHILD = fileURLToPath(new URL('./instance-child.ts', import.meta.url));
const TOP = 3;
export const LEASE_MS = 2000;

export interface Platforms {
  discord: FakeDiscord;
  slack: FakeSlackApi;
  close(): Promise<void>;
}

export async function startPlatforms(): Promise<Platforms> {
  const discord = await FakeDiscord.start();
  const slack = await startFakeSlackApi();
  return {
    discord,
    slack,
    close: async () => {
      await discord.close();
      await slack.close();
    },
  };
}

export interface TrialResult {
  killedAfterPosts: number;
  /** From the kill until every row was done */
  finishMs: number;
  lost: number;
  duplicated: number;
  extraThreads: number;
  posts: number;
}

const snowflake = (n: number) => String(910_000_000_000_000_000n + BigInt(n));
export const places = (trial: number, perPlatform: number): Target[] => [
  ...Array.from({ length: perPlatform }, (_, i) => ({
    platform: 'discord',
    workspaceId: FAKE_GUILD_ID,
    kind: 'channel' as const,
    id: snowflake(trial * 100 + i),
  })),
  ...Array.from({ length: perPlatform }, (_, i) => ({
    platform: 'slack',
    workspaceId: FAKE_TEAM_ID,
    kind: 'channel' as const,
    id: `C0T${trial}N${i}`,
  })),
];

function spawnInstance(p: Platforms, schema: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      PAPERBOY_SOURCE: 'sample',
      PAPERBOY_DATABASE_URL: pgUrl,
      PAPERBOY_DATABASE_SCHEMA: schema,
      DISCORD_TOKEN: 'fake-bot-token',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: p.discord.apiUrl,
      SLACK_BOT_TOKEN: 'xoxb-instances-test',
      SLACK_SIGNING_SECRET: 'instances-test-signing-secret-0123456789',
      SLACK_API_URL: p.slack.apiUrl.replace(/\/$/, ''),
      PORT: '0',
      LOG_LEVEL: 'warn',
      TEST_LEASE_MS: String(LEASE_MS),
    },
  });
  return untilReady(child);
}

/** Posts the fakes hold for these places: Discord messages in their channels and threads, Slack messages. */
function postsFor(p: Platforms, targets: Target[]): number {
  let n = 0;
  for (const t of targets) {
    if (t.platform === 'slack') n += p.slack.messages.filter((m) => m.channel === t.id).length;
    else {
      const parents = p.discord.channels.get(t.id) ?? [];
      n +=
        parents.length +
        parents.reduce((k, m) => k + (m.thread ? (p.discord.channels.get(m.thread.id)?.length ?? 0) : 0), 0);
    }
  }
  return n;
}

/** What a place shows: its digest parents, and the paper ids posted in each thread. */
function shown(p: Platforms, t: Target): { parents: number; papers: string[] } {
  if (t.platform === 'slack') {
    const mine = p.slack.messages.filter((m) => m.channel === t.id);
    const parents = mine.filter((m) => !m.thread_ts);
    return {
      parents: parents.length,
      papers: mine.filter((m) => m.thread_ts).map((m) => String(m.metadata?.event_payload.key)),
    };
  }
  const parents = p.discord.channels.get(t.id) ?? [];
  const papers = parents.flatMap((m) => (m.thread ? (p.discord.channels.get(m.thread.id) ?? []) : []));
  return { parents: parents.length, papers: papers.map((m) => JSON.stringify(m.body.embeds?.[0]?.url ?? m.body)) };
}

export async function seed(store: Store, targets: Target[]): Promise<void> {
  for (const target of targets) {
    await store.digests.put({
      target,
      time: '00:00',
      timezone: 'UTC',
      top: TOP,
      minUpvotes: 0,
      days: 'daily',
      enabled: true,
      createdBy: 'test',
      // Sample mode runs on the sample's clock (Fri 21 Aug 2026, 12:00 UTC at start): made
      // the evening before, the schedule owes exactly one list, that of the 00:00 slot.
      createdAt: '2026-08-20T23:00:00.000Z',
    });
  }
}

/** One trial: three instances, one SIGKILLed after `killAfter` posts, the others finish. */
export async function trial(
  p: Platforms,
  schema: string,
  n: number,
  perPlatform: number,
  killAfter: number,
): Promise<TrialResult> {
  const store = await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });
  const targets = places(n, perPlatform);
  const instances = await Promise.all([0, 1, 2].map(() => spawnInstance(p, schema)));
  try {
    await seed(store, targets);
    const victim = instances[n % 3]!;
    while (postsFor(p, targets) < killAfter) await new Promise((r) => setTimeout(r, 2));
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    const done = async () => {
      for (const t of targets) {
        const row = (await store.deliveries.since(t, '2026-01-01'))[0];
        if (row?.state !== 'done') return false;
      }
      return true;
    };
    while (!(await done())) {
      if (Date.now() - killedAt > 60_000) throw new Error('the survivors did not finish within 60 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const finishMs = Date.now() - killedAt;
    // Let anything still in flight land before counting.
    await new Promise((r) => setTimeout(r, 300));
    const result: TrialResult = {
      killedAfterPosts: killAfter,
      finishMs,
      lost: 0,
      duplicated: 0,
      extraThreads: 0,
      posts: postsFor(p, targets),
    };
    for (const t of targets) {
      const view = shown(p, t);
      result.extraThreads += Math.max(0, view.parents - 1);
      result.duplicated += view.papers.length - new Set(view.papers).size;
      result.lost += Math.max(0, TOP - new Set(view.papers).size);
    }
    return result;
  } finally {
    for (const i of instances) i.kill('SIGTERM');
    await Promise.all(
      instances.map((i) =>
        i.exitCode !== null || i.signalCode ? Promise.resolve() : new Promise((r) => i.once('exit', r)),
      ),
    );
    await store.close();
  }
}

export const postsPerTrial = (perPlatform: number): number => 2 * perPlatform * (1 + TOP);
