import { createServices } from '../../src/services.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { startDiscord, type RunningDiscord } from '../../adapters/discord/index.js';
import { createBot } from '../../src/bot.js';
import { ConfigError, Secret } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { ShardPlan } from '../../src/shards.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { chatInput, FAKE_APP_ID, guildOnShard } from '../fakes/discord/payloads.js';
import { callbackOf } from './harness.js';

/** One process running several shards (DISCORD_SHARD_COUNT alone, or auto). */
describe('startDiscord with shards', () => {
  let fake: FakeDiscord | undefined;
  let running: RunningDiscord | undefined;
  afterEach(async () => {
    await running?.stop();
    await fake?.close();
    running = undefined;
  });

  function start(shards: ShardPlan, logger = new MemoryLogger()) {
    const services = createServices({
      papers: new SampleSource(),
      store: new MemoryStore(),
      logger,
      now: () => new Date(),
    });
    return startDiscord({
      bot: createBot(services, commands),
      commands,
      services,
      logger,
      config: {
        token: new Secret('tok'),
        appId: FAKE_APP_ID,
        guildId: undefined,
        apiUrl: fake!.apiUrl,
        ...(shards !== undefined ? { shards } : {}),
      },
    });
  }

  it('with DISCORD_SHARD_COUNT=auto runs as many shards as GET /gateway/bot recommends, and answers on each', async () => {
    const guilds = [0, 1, 2].map((s) => guildOnShard(s, 3));
    fake = await FakeDiscord.start({ guildIds: guilds, recommendedShards: 3, maxConcurrency: 16 });
    running = await start('auto');
    expect(fake.gateway.sessions.map((s) => s.shard).sort()).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(running.status()).toMatchObject({ ready: true, shardCount: 3 });
    expect(running.status().shards.map((s) => s.status)).toEqual(['Ready', 'Ready', 'Ready']);
    expect(running.client.guilds.cache.size).toBe(3);
    for (const guildId of guilds) {
      const payload = chatInput('papers', 'help', [], { user: { id: '900000000000000801', username: 'x' }, guildId });
      fake.interact(payload);
      expect((await callbackOf(fake, payload)).status).toBe(204);
    }
  });

  it('an unsharded bot in too many servers stops with a message naming DISCORD_SHARD_COUNT, not the token', async () => {
    // Two servers on each of two shards: four for an unsharded connection.
    const guilds = [0, 1].flatMap((shard) => [guildOnShard(shard, 2, 0), guildOnShard(shard, 2, 1)]);
    fake = await FakeDiscord.start({ guildIds: guilds, maxGuildsPerShard: 2, maxConcurrency: 16 });
    const logger = new MemoryLogger();
    const error = (await start(undefined, logger).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError); // main prints it plainly and exits 2
    expect(error.message).toMatch(/too many servers for one shard.*DISCORD_SHARD_COUNT=auto/);
    expect(error.message).not.toContain('DISCORD_TOKEN');

    // Two shards of two servers each are within the limit.
    running = await start({ ids: [0, 1], count: 2 });
    expect(running.status().ready).toBe(true);
  }, 30_000);
});
