import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { commands } from '../../commands/index.js';
import { startDiscord } from '../../adapters/discord/index.js';
import { createBot } from '../../src/bot.js';
import { ConfigError, Secret } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FAKE_APP_ID } from '../fakes/discord/payloads.js';

describe('startDiscord', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  function deps(token: string, logger: MemoryLogger) {
    const services = createServices({
      papers: new SampleSource(),
      store: new MemoryStore(),
      logger,
      now: () => new Date(),
    });
    return {
      bot: createBot(services, commands),
      commands,
      services,
      logger,
      config: { token: new Secret(token), appId: FAKE_APP_ID, guildId: undefined, apiUrl: fake!.apiUrl },
    };
  }

  it('logs in with the Guilds intent only, and never logs the token', async () => {
    fake = await FakeDiscord.start({ acceptToken: 'tok-SECRET-123' });
    const logger = new MemoryLogger();
    const running = await startDiscord(deps('tok-SECRET-123', logger));
    expect(fake.identifies).toEqual([{ token: 'tok-SECRET-123', intents: 1 }]);
    expect(running.client.isReady()).toBe(true);
    await running.stop();
    expect(JSON.stringify(logger.entries)).not.toContain('SECRET');
    expect(logger.entries.map((e) => e.msg)).toContain('discord ready');
  });

  it('fails fast with a message that names DISCORD_TOKEN when Discord refuses it', async () => {
    fake = await FakeDiscord.start({ acceptToken: 'the-real-one' });
    const logger = new MemoryLogger();
    const error = (await startDiscord(deps('tok-WRONG-456', logger)).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigError); // main prints it plainly and exits 2
    expect(error.message).toContain('DISCORD_TOKEN');
    expect(error.message).not.toContain('WRONG');
    expect(JSON.stringify(logger.entries)).not.toContain('WRONG');
    expect(fake.identifies).toEqual([]);
  });
});
