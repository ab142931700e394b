import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { targetKey } from '../../src/caller.js';
import { FakeDiscord } from '../../test/fakes/discord/fake-discord.js';
import { FAKE_APP_ID } from '../../test/fakes/discord/payloads.js';
import { untilReady } from '../../test/e2e/until-ready.js';
import { startRateLimitProxy } from '../../test/reliability/rate-limit-proxy.js';
import { childEnv } from './env.js';
import { startSharedRestProxy } from './shared-rest-proxy.js';
import { place, postgresStoreFor, type Age } from './store-seed.js';
import { round, sleep } from './stats.js';

/**
 * Three Paperboy instances — the composition root in child processes (test/e2e/instance-child.ts:
 * the bundled sample, ticking every second) — on one seeded PostgreSQL, with one bot token
 * shared through a shared REST proxy (DISCORD_API_URL → shared proxy → Discord's limits →
 * FakeDiscord). `channels` of the seeded places are made due for the sample's list of
 * Thu 20 Aug 2026 (the one owed on its clock, Fri 21 Aug 12:00 UTC); the instances' claims
 * split them. Counted: 429s at the limits, what each channel shows, and the time from the
 * first digest post to the last against the bound (posts ÷ 50/s).
 */
const CHILD = fileURLToPath(new URL('../../test/e2e/instance-child.ts', import.meta.url));
const OWED_LIST = '2026-08-20';
const PER_SECOND = 50;
const INSTANCES = 3;

export interface InstancesRun {
  seconds: number;
  requests: number;
  global429: number;
  route429: number;
  duplicates: number;
  missing: number;
  note: string;
}

async function makeDue(url: string, channels: number, top: number): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const keys = Array.from({ length: channels }, (_, i) => targetKey(place(i)));
    await db.query(`DELETE FROM paperboy.deliveries WHERE list_date = $1 AND target_key = ANY($2)`, [OWED_LIST, keys]);
    // Made the evening before, due at the next tick: owes exactly the one list.
    await db.query(
      `UPDATE paperboy.schedules SET due_ms = '-Infinity',
         record = ((record::jsonb - 'dueAt' - 'last')
                   || jsonb_build_object('top', $2::int, 'createdAt', '2026-08-20T23:00:00.000Z'))::json
       WHERE target_key = ANY($1)`,
      [keys, top],
    );
  } finally {
    await db.end();
  }
}

function spawnInstance(url: string, apiUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({
      PAPERBOY_SOURCE: 'sample',
      PAPERBOY_DATABASE_URL: url,
      DISCORD_TOKEN: 'bench-shared-bot-token',
      DISCORD_APP_ID: FAKE_APP_ID,
      DISCORD_API_URL: apiUrl,
      LOG_LEVEL: 'error',
      TEST_LEASE_MS: '120000',
    }),
  });
  return untilReady(child, 1500);
}

async function served(url: string, channels: number): Promise<number> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const keys = Array.from({ length: channels }, (_, i) => targetKey(place(i)));
    const r = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM paperboy.deliveries WHERE list_date = $1 AND target_key = ANY($2) AND state IN ('done', 'skipped')`,
      [OWED_LIST, keys],
    );
    return Number(r.rows[0]!.n);
  } finally {
    await db.end();
  }
}

export async function threeInstances(url: string, age: Age, channels: number, top: number): Promise<InstancesRun> {
  const seeded = await postgresStoreFor(url, age);
  const fake = await FakeDiscord.start();
  const limits = await startRateLimitProxy(`http://127.0.0.1:${fake.port}`, {
    globalPerSecond: PER_SECOND,
    appId: FAKE_APP_ID,
  });
  const shared = await startSharedRestProxy(limits.apiUrl.replace(/\/api$/, ''), {
    perSecond: PER_SECOND,
    appId: FAKE_APP_ID,
  });
  const instances: ChildProcess[] = [];
  try {
    await makeDue(seeded.url, channels, top);
    instances.push(
      ...(await Promise.all(Array.from({ length: INSTANCES }, () => spawnInstance(seeded.url, shared.apiUrl)))),
    );
    const deadline = Date.now() + Math.max(120_000, ((channels * (2 + top)) / PER_SECOND) * 3000);
    while ((await served(seeded.url, channels)) < channels) {
      if (Date.now() > deadline) throw new Error('the three instances did not serve every channel in time');
      await sleep(250);
    }
    await sleep(500);
    let duplicates = 0;
    let missing = 0;
    for (let i = 0; i < channels; i++) {
      const parents = fake.channels.get(place(i).id) ?? [];
      duplicates += Math.max(0, parents.length - 1);
      const thread = parents[0]?.thread;
      const inThread = thread ? (fake.channels.get(thread.id) ?? []).length : 0;
      if (!thread) missing += 1 + top;
      else {
        duplicates += Math.max(0, inThread - top);
        missing += Math.max(0, top - inThread);
      }
    }
    const posts = shared.stats.posts;
    const seconds = (shared.stats.lastPostAt - shared.stats.firstPostAt) / 1000;
    return {
      seconds,
      requests: posts,
      global429: limits.stats.globalLimited,
      route429: limits.stats.routeLimited,
      duplicates,
      missing,
      note: `3 instances: ${channels} channels × (parent + thread + ${top}) = ${posts} digest requests from the first to the last in ${round(seconds, 1)} s; ${shared.stats.forwarded} requests through the shared proxy in all (start-up included), longest wait in its queue ${round(shared.stats.longestWaitMs, 0)} ms; 429s ${limits.stats.globalLimited} global, ${limits.stats.routeLimited} per-route; the shared proxy is a bench stand-in for twilight-http-proxy / nirn-proxy (one global queue at 50/s)`,
    };
  } finally {
    for (const i of instances) i.kill('SIGTERM');
    await Promise.all(
      instances.map((i) =>
        i.exitCode !== null || i.signalCode ? Promise.resolve() : new Promise((r) => i.once('exit', r)),
      ),
    );
    await shared.close();
    await limits.close();
    await fake.close();
    await seeded.dispose();
  }
}
