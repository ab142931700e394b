import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, type SubOption } from '../fakes/discord/payloads.js';
import { startHarness as startDiscordHarness, type Harness as DiscordHarness } from '../discord/harness.js';
import { startHarness as startSlackHarness, type Harness as SlackHarness } from '../slack/harness.js';

/**
 * Issue 13 items 10, 11 and 13 through the whole adapter stacks: the real discord.js
 * Client on the fake Discord, and the real Bolt App receiving signed requests. The edge
 * lives in bot.handle, so both platforms get it without doing anything themselves.
 */
let discord: DiscordHarness;
let slack: SlackHarness;
beforeAll(async () => {
  [discord, slack] = await Promise.all([startDiscordHarness({ deferAfterMs: 2000 }), startSlackHarness()]);
});
afterAll(async () => {
  await Promise.all([discord?.close(), slack?.close()]);
});

const ada = { id: '900000000000000911', username: 'ada' };
const text = (o: SubOption['value']) => ({ type: 3, value: o });

/** Run one slash command on Discord and return every message body it produced, once it settles. */
async function onDiscord(sub: string, options: SubOption[]) {
  const payload = chatInput('papers', sub, options, { user: ada });
  discord.fake.interact(payload);
  await discord.fake.waitFor((r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`);
  await new Promise((r) => setTimeout(r, 150));
  return discord.fake.callsFor(payload).map((c) => (c.path.endsWith('/callback') ? c.body.data : c.body));
}

const shown = (bodies: Record<string, unknown>[]) => JSON.stringify(bodies);

describe('Discord: bounded, clipped, normalised', () => {
  it('answers a 100 kB week with one short message (was 25)', async () => {
    const bodies = await onDiscord('week', [{ name: 'week', ...text('2026-W33'.repeat(12_500)) }]);
    expect(bodies).toHaveLength(1);
    expect(shown(bodies).length).toBeLessThan(1500);
    expect(shown(bodies)).toMatch(/100000 characters long/);
  });

  it("refuses Discord's longest option (6,000 characters of tz) by its length, before any suggestion", async () => {
    const bodies = await onDiscord('digest', [
      { name: 'action', ...text('on') },
      { name: 'tz', ...text('Europe/Berlin'.repeat(462).slice(0, 6000)) },
    ]);
    expect(bodies).toHaveLength(1);
    expect(shown(bodies)).toMatch(/tz= is 6000 characters long/);
    expect(shown(bodies)).not.toMatch(/did you mean/);
  });

  it('reads option values with zero-width and bidi characters as the clean values', async () => {
    const date = await onDiscord('date', [{ name: 'date', ...text('2026\u200B-08-19') }]);
    expect(shown(date)).toMatch(/Daily Papers · Wed 19 Aug 2026/);
    const help = await onDiscord('help', [{ name: 'command', ...text('to\u200Bday\u202E') }]);
    expect(shown(help)).toMatch(/\/papers today/);
    expect(shown(help)).not.toMatch(/There is no/);
    const on = await onDiscord('digest', [
      { name: 'action', ...text('on') },
      { name: 'tz', ...text('Europe/\u200BBerlin\u0000') },
    ]);
    expect(shown(on)).toMatch(/Daily digest on/);
    expect(
      await discord.store.digests.get({ platform: 'discord', workspaceId: '', kind: 'user', id: ada.id }),
    ).toMatchObject({ timezone: 'Europe/Berlin' });
  });
});

describe('Slack: bounded, clipped, normalised', () => {
  it('`today\\0` is today', async () => {
    const [answer] = await slack.slash('today\u0000');
    expect(answer!.body.text).not.toMatch(/There is no/);
    expect(JSON.stringify(answer!.body.blocks)).toMatch(/Daily Papers/);
  });

  it('zero-width characters in typed options are ignored', async () => {
    const [answer] = await slack.slash('date 2026\u200B-07-22 top=\u20603');
    expect(answer!.body.text).toMatch(/3 papers|Daily Papers/);
    expect(JSON.stringify(answer!.body.blocks)).not.toMatch(/:warning:/);
  });

  it("answers Slack's longest command (1,987 characters of tz=) with one short error", async () => {
    const posts = await slack.slash(`digest on tz=${'Europe/Berlin'.repeat(200)}`.slice(0, 1987));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.text!.length).toBeLessThan(600);
    expect(posts[0]!.body.text).toMatch(/tz= is \d+ characters long/);
  });

  it('refuses lenient numbers, repeated keys and unknown options with what works', async () => {
    for (const [typed, expected] of [
      ['today top=0x10', /plain digits.*e\.g\. top=5/],
      ['today top=5 top=6', /top= is given twice/],
      ['digest on foo=bar', /no option "foo"/],
    ] as const) {
      const [answer] = await slack.slash(typed);
      expect(answer!.body.text, typed).toMatch(expected);
    }
  });
});
