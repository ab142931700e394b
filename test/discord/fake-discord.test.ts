import { Client, GatewayIntentBits, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { chatInput, FAKE_CHANNEL_ID, guildOnShard, shardForGuild } from '../fakes/discord/payloads.js';

// The fake itself must speak the protocol a real Client expects; these pin that down so
// adapter failures are never the fake's.
describe('FakeDiscord with a real discord.js Client', () => {
  let fake: FakeDiscord | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs in over the gateway and carries an interaction reply back over REST', async () => {
    fake = await FakeDiscord.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on('interactionCreate', (i) => {
      if (i.isChatInputCommand())
        void i.reply({
          content: `hi ${i.options.getSubcommand()}`,
          flags: MessageFlags.Ephemeral,
          allowedMentions: { parse: [] },
        });
    });
    const ready = new Promise((r) => client!.once('clientReady', r));
    await client.login('fake-token');
    await ready;
    expect(fake.identifies[0]?.token).toBe('fake-token');
    expect(client.guilds.cache.size).toBe(1);

    const payload = chatInput('papers', 'today', [], { user: { id: '900000000000000777', username: 'ada' } });
    fake.interact(payload);
    const cb = await fake.waitFor((r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`);
    expect(cb.body).toEqual({
      type: 4,
      data: expect.objectContaining({ content: 'hi today', flags: 64, allowed_mentions: { parse: [] } }),
    });
    expect(fake.channels.get(FAKE_CHANNEL_ID)).toHaveLength(1);
  });

  it('answers a 429 with Retry-After, and the client retries once it passes', async () => {
    fake = await FakeDiscord.start();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.rest.setToken('fake-token');
    fake.fail({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429, retryAfter: 0.05 });
    await client.rest.post(`/channels/${FAKE_CHANNEL_ID}/messages`, { body: { content: 'x' } });
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(fake.channels.get(FAKE_CHANNEL_ID)).toHaveLength(1);
  });
});

describe("the fake's shard routing", () => {
  it('sends a server to (id >> 22) % count and DMs to shard 0, as Discord documents', () => {
    // 197038439483310086 >> 22 = 46977624770 (worked out by hand, not by the code under test)
    expect(shardForGuild('197038439483310086', 10)).toBe(0);
    expect(shardForGuild('197038439483310086', 16)).toBe(2);
    expect(shardForGuild('197038439483310086', 7)).toBe(46977624770 % 7);
    expect(shardForGuild(undefined, 8)).toBe(0);
  });

  it('guildOnShard makes ids that land on the asked shard, distinct for every n', () => {
    for (const count of [1, 2, 3, 4, 7, 16]) {
      const ids = new Set<string>();
      for (let shard = 0; shard < count; shard++) {
        for (let n = 0; n < 3; n++) {
          const id = guildOnShard(shard, count, n);
          expect(id).toMatch(/^\d{17,19}$/);
          expect(Number((BigInt(id) >> 22n) % BigInt(count))).toBe(shard);
          ids.add(id);
        }
      }
      expect(ids.size).toBe(count * 3);
    }
  });
});
