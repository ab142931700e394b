import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { chatInput, FAKE_APP_ID, guildOnShard } from '../fakes/discord/payloads.js';
import { spawnPaperboy, type RunningPaperboy } from '../ops/child.js';
import { get, parsePrometheus, sample, until } from '../ops/helpers.js';

/**
 * Issue 11: one bot, 4 shards, 2 real Paperboy processes (the bin entry, as an operator
 * runs it), each with a shard range, on one fake Discord that routes like Discord.
 */
const COUNT = 4;
const TOKEN = 'sharded-bot-token';
const GUILDS_PER_SHARD = 2;
const guilds = Array.from({ length: COUNT }, (_, shard) =>
  Array.from({ length: GUILDS_PER_SHARD }, (_, n) => guildOnShard(shard, COUNT, n)),
);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-shards-'));
let userN = 0;
const someone = () => ({ id: String(900000000000100000n + BigInt(++userN)), username: `u${userN}` });

interface Instance {
  range: string;
  paperboy: RunningPaperboy;
  base: string;
}

describe('Discord sharding: 4 shards in 2 processes on one bot', () => {
  let fake: FakeDiscord;
  const instances: Instance[] = [];

  beforeAll(async () => {
    // max_concurrency 16, as Discord grants large bots: all four IDENTIFYs may go at once.
    fake = await FakeDiscord.start({
      guildIds: guilds.flat(),
      acceptToken: TOKEN,
      recommendedShards: COUNT,
      maxConcurrency: 16,
    });
    for (const range of ['0-1', '2-3']) {
      const paperboy = spawnPaperboy({
        env: {
          PAPERBOY_SOURCE: 'sample',
          // Stateless commands only here; several instances share a store once it is PostgreSQL.
          PAPERBOY_DATA_FILE: join(dir, `${range}.json`),
          LOG_LEVEL: 'info',
          DISCORD_TOKEN: TOKEN,
          DISCORD_APP_ID: FAKE_APP_ID,
          DISCORD_API_URL: fake.apiUrl,
          DISCORD_SHARDS: range,
          DISCORD_SHARD_COUNT: String(COUNT),
          PAPERBOY_HTTP_PORT: '0',
          PAPERBOY_HTTP_HOST: '127.0.0.1',
        },
      });
      instances.push({ range, paperboy, base: '' });
    }
    for (const instance of instances) {
      instance.base = `http://127.0.0.1:${await instance.paperboy.log.opsPort()}`;
      await until(
        async () => (await get(`${instance.base}/readyz`)).status === 200,
        `instance ${instance.range} ready`,
        30_000,
      );
    }
  }, 60_000);

  afterAll(async () => {
    const codes = await Promise.all(instances.map((i) => i.paperboy.stop()));
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  });

  /** `/papers today top=1` in a server (or a DM); resolves once its single answer is out. */
  async function askToday(guildId: string | undefined) {
    const where = guildId ? { user: someone(), guildId } : { user: someone(), dm: true };
    const payload = chatInput('papers', 'today', [{ name: 'top', type: 4, value: 1 }], where);
    fake.interact(payload);
    await until(
      () => fake.callsFor(payload).some((c) => c.path.endsWith('/callback')),
      `an answer in ${guildId ?? 'a DM'}`,
    );
    return payload;
  }

  /** Every interaction got exactly one callback, and Discord never refused one as already answered. */
  async function expectAnsweredOnce(payloads: { id: string; token: string }[]) {
    await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
    for (const p of payloads) {
      const callbacks = fake.callsFor(p).filter((c) => c.path.endsWith('/callback'));
      expect(
        callbacks.map((c) => c.status),
        `interaction ${p.id}`,
      ).toEqual([204]);
    }
  }

  const commandsAnswered = async (instance: Instance) =>
    sample(parsePrometheus((await get(`${instance.base}/metrics`)).text), 'paperboy_commands_total', {
      command: 'today',
      platform: 'discord',
      outcome: 'ok',
    }) ?? 0;

  it('identifies each shard once, with [shard_id, 4], and gives each session only its shard’s servers', async () => {
    expect(fake.identifies).toHaveLength(COUNT);
    const sessions = fake.gateway.sessions.map((s) => s.shard).sort((a, b) => a[0] - b[0]);
    expect(sessions).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    for (const session of fake.gateway.sessions) {
      const ready = JSON.parse(session.sent[0]!.frame).d;
      expect(ready.guilds.map((g: { id: string }) => g.id).sort()).toEqual([...guilds[session.shard[0]]!].sort());
    }
    for (const [i, instance] of instances.entries()) {
      const report = JSON.parse((await get(`${instance.base}/readyz`)).text);
      expect(report.components.discord.shardCount).toBe(COUNT);
      expect(report.components.discord.shards.map((s: { id: number; status: string }) => [s.id, s.status])).toEqual([
        [2 * i, 'Ready'],
        [2 * i + 1, 'Ready'],
      ]);
    }
  });

  it('answers interactions from servers on every shard, and DMs, exactly once — each by the process running that shard', async () => {
    const before = await Promise.all(instances.map(commandsAnswered));
    const payloads = [];
    for (const guildId of guilds.flat()) payloads.push(await askToday(guildId));
    payloads.push(await askToday(undefined)); // a DM: shard 0
    await expectAnsweredOnce(payloads);
    expect(fake.gateway.undelivered).toEqual([]);
    // The answer itself (direct, or deferred and edited in on a loaded machine).
    for (const p of payloads)
      await until(() => JSON.stringify(fake.callsFor(p).map((c) => c.body)).includes('EnvHarness'), 'the list');
    // Shards 0-1 (4 servers and the DM) are process A's; 2-3 (4 servers) process B's.
    const after = await Promise.all(instances.map(commandsAnswered));
    expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual([2 * GUILDS_PER_SHARD + 1, 2 * GUILDS_PER_SHARD]);
  });

  it('resumes a shard whose connection drops: what arrived meanwhile is replayed, and it keeps answering', async () => {
    const b = instances[1]!;
    const identifies = fake.identifies.length;
    const [cut] = fake.gateway.drop(2);
    expect(cut?.shard).toEqual([2, 4]);
    // Sent while shard 2 has no connection: Discord keeps it for the session.
    const during = chatInput('papers', 'today', [{ name: 'top', type: 4, value: 1 }], {
      user: someone(),
      guildId: guilds[2]![0]!,
    });
    fake.interact(during);
    const resumed = await until(() => fake.gateway.resumes.find((r) => r.sessionId === cut!.id), 'a RESUME of shard 2');
    expect(resumed.path).toMatch(/^\/resume\?/); // at the session's resume_gateway_url
    await until(() => fake.callsFor(during).length > 0, 'the replayed interaction answered');
    const after = [await askToday(guilds[2]![1]!), await askToday(guilds[3]![0]!), await askToday(guilds[0]![0]!)];
    await expectAnsweredOnce([during, ...after]);
    expect(fake.identifies).toHaveLength(identifies); // resumed, not identified again
    await b.paperboy.log.waitFor('discord shard resumed');
    expect(b.paperboy.log.find('discord shard resumed')).toMatchObject({ shard: 2 });
    const report = JSON.parse((await get(`${b.base}/readyz`)).text);
    expect(report.components.discord.status).toBe('up');
  });

  // Digests to a channel on every shard, delivered once across instances, need the store's
  // claims (the PostgreSQL store being built); that test belongs with them.
  // Digests across instances (whichever shard a channel's guild is on: REST is not
  // sharded) are proven once per (place, list) by test/e2e/instances.test.ts.
});
