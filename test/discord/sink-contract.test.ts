import { digestSinkContract } from '../digest/sink.contract.js';
import { FAKE_CHANNEL_ID, FAKE_GUILD_ID } from '../fakes/discord/payloads.js';
import { startHarness } from './harness.js';

/**
 * The shared DigestSink contract, run against the Discord sink over the loopback fake
 * (the real discord.js REST client). Each run has a fresh fake, so every message it holds
 * — in the channel and in the threads opened on it — is one this sink posted.
 */
digestSinkContract('Discord sink (real discord.js REST → fake Discord)', async () => {
  const h = await startHarness();
  return {
    sink: h.discord.sink,
    target: { platform: 'discord', workspaceId: FAKE_GUILD_ID, kind: 'channel', id: FAKE_CHANNEL_ID },
    visiblePosts: async () => [...h.fake.channels.values()].reduce((n, messages) => n + messages.length, 0),
    close: () => h.close(),
  };
});
