import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertPoller } from '../../src/alerts/poller.js';
import { chatInput, FAKE_CHANNEL_ID, FAKE_GUILD_ID, PERMS } from '../fakes/discord/payloads.js';
import { expectValidMessage } from '../discord/expect-message.js';
import { settle, startHarness, type Harness } from '../discord/harness.js';
import { LIVE_NOW, liveSource } from '../papers/live-source.js';

/**
 * alert, alerts and unalert through the real discord.js Client on the fake Discord, and
 * an alert posted by the poller through the real Discord sink.
 */
const ada = { id: '900000000000000751', username: 'ada' };
const mod = { id: '900000000000000752', username: 'mod' };
type Embed = { title?: string; description?: string; footer?: { text: string } };

describe('alerts on Discord', () => {
  let h: Harness;
  let live: Awaited<ReturnType<typeof liveSource>>;
  beforeAll(async () => {
    live = await liveSource();
    h = await startHarness({ source: live.source, search: live.search, deferAfterMs: 50, now: () => LIVE_NOW });
  });
  afterAll(async () => {
    await h.close();
    await live.stop();
  });

  async function answer(
    command: string,
    sub: string,
    options: { name: string; type: number; value: string | number }[],
    where: { user: typeof ada; permissions?: string } = { user: ada },
  ) {
    const payload = chatInput(command, sub, options, where);
    h.fake.interact(payload);
    const [callback] = await settle(h.fake, payload, 1);
    const calls = callback!.body.type === 5 ? await settle(h.fake, payload, 2) : [callback!];
    const data = callback!.body.type === 5 ? calls[1]!.body : callback!.body.data;
    expectValidMessage(data);
    return data as { embeds: Embed[]; content?: string; flags?: number };
  }
  const text = (d: { embeds: Embed[]; content?: string }) =>
    [d.content ?? '', ...d.embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`)].join(' ');

  it('sets a personal alert with options, lists it, refuses a duplicate and removes it', async () => {
    const set = await answer('papers', 'alert', [
      { name: 'topic', type: 3, value: 'EnvHarness' },
      { name: 'min_upvotes', type: 4, value: 50 },
      { name: 'quiet', type: 3, value: '22:00-08:00' },
    ]);
    expect(text(set)).toContain('Alert set');
    // Discord shares no time zone: quiet hours are read in the digests' default.
    expect(text(set)).toContain('once it has 50 upvotes · quiet 22:00–08:00 Europe/Berlin');
    expect(text(await answer('papers', 'alerts', []))).toContain('#1 EnvHarness — once it has 50 upvotes');
    const again = await answer('papers', 'alert', [{ name: 'topic', type: 3, value: 'envharness' }]);
    expect(text(again)).toContain('already have an alert for `EnvHarness`');
    expect(text(await answer('papers', 'unalert', [{ name: 'topic', type: 3, value: '#1' }]))).toContain(
      'Alert removed',
    );
  });

  it('a channel alert lives in /papers-channel, under Manage Channels', async () => {
    const denied = await answer('papers-channel', 'alert', [{ name: 'topic', type: 3, value: 'EnvRigger' }], {
      user: ada,
      permissions: PERMS.member,
    });
    expect(text(denied)).toContain('Manage Channels');
    const set = await answer('papers-channel', 'alert', [{ name: 'topic', type: 3, value: 'EnvRigger' }], {
      user: mod,
      permissions: PERMS.channelManager,
    });
    expect(text(set)).toContain('come to this channel one at a time');
    expect(text(set)).toContain('When: as soon as it is listed.');
    const listed = await answer('papers', 'alerts', [{ name: 'here', type: 5, value: 1 }]);
    expect(text(listed)).toContain('#1 EnvRigger — as soon as it is listed');
  });

  it('the poller posts the channel alert once, as one embed with its "matched: …" line, pinging nobody', async () => {
    const poller = createAlertPoller({ ...h.services, papers: live.source, sinks: [h.discord.sink] });
    const first = await poller.poll();
    expect(first.posted).toEqual([
      {
        target: { platform: 'discord', workspaceId: FAKE_GUILD_ID, kind: 'channel', id: FAKE_CHANNEL_ID },
        paperId: '2608.19880',
      },
    ]);
    await poller.poll();
    const posted = (h.fake.channels.get(FAKE_CHANNEL_ID) ?? []).filter((m) =>
      (m.body.embeds?.[0]?.description ?? '').includes('matched: EnvRigger'),
    );
    expect(posted).toHaveLength(1);
    expectValidMessage(posted[0]!.body);
    expect(posted[0]!.body.allowed_mentions).toEqual({ parse: [] });
    expect(posted[0]!.body.embeds[0].title).toContain('EnvHarness: Awakening Static Worlds');
  });
});
