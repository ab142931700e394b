import { FAKE_CHANNEL_ID, FAKE_GUILD_ID } from '../fakes/discord/payloads.js';
import { digestSinkContract } from '../digest/sink.contract.js';
import { startHarness } from './harness.js';

/** The shared DigestSink contract, run against the Discord sink over the loopback REST API. */
digestSinkContract('Discord sink (real discord.js REST → fake Discord)', async () => {
  const h = await startHarness();
  return {
    sink: h.discord.sink,
    target: { platform: 'discord', workspaceId: FAKE_GUILD_ID, kind: 'channel', id: FAKE_CHANNEL_ID },
    // Every message the fake shows, in the channel and in the threads started there.
    visiblePosts: async () => [...h.fake.channels.values()].reduce((n, messages) => n + messages.length, 0),
    close: () => h.close(),
  };
});
