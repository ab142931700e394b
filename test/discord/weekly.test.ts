import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subcommandFor } from '../../adapters/discord/slash-commands.js';
import { commands } from '../../commands/index.js';
import { chatInput, FAKE_CHANNEL_ID, PERMS } from '../fakes/discord/payloads.js';
import { callbackOf, startHarness, type Harness } from './harness.js';

/** Weekly digests through the real discord.js Client on the fake Discord (the bundled sample's week 34). */
const mod = { id: '900000000000000740', username: 'mod' };

describe('weekly digests on Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ digest: true, deferAfterMs: 2000 });
  });
  afterAll(async () => {
    await h.close();
  });

  async function finalOf(ask: ReturnType<typeof chatInput>) {
    h.fake.interact(ask);
    const cb = await callbackOf(h.fake, ask);
    return cb.body.type === 4
      ? cb.body.data
      : (await h.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(ask.token))).body;
  }

  it('offers days=weekly and the seven weekdays as choices', () => {
    const options = subcommandFor(commands.find((c) => c.name === 'digest')!).options! as {
      name: string;
      choices?: { value: string }[];
    }[];
    expect(options.find((o) => o.name === 'days')!.choices!.map((c) => c.value)).toEqual([
      'weekdays',
      'daily',
      'weekly',
    ]);
    expect(options.find((o) => o.name === 'day')!.choices!.map((c) => c.value)).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
    ]);
  });

  it('turns a channel weekly digest on, and `now` posts the week as one thread', async () => {
    const on = await finalOf(
      chatInput(
        'papers-channel',
        'digest',
        [
          { name: 'action', type: 3, value: 'on' },
          { name: 'days', type: 3, value: 'weekly' },
          { name: 'day', type: 3, value: 'fri' },
        ],
        { user: mod, permissions: PERMS.channelManager },
      ),
    );
    expect(on.embeds[0].title).toBe('Weekly digest on for this channel');
    expect(JSON.stringify(on.embeds[0])).toContain('every Friday at 09:00');
    const now = await finalOf(
      chatInput(
        'papers-channel',
        'digest',
        [
          { name: 'action', type: 3, value: 'now' },
          { name: 'top', type: 4, value: 3 },
        ],
        { user: mod, permissions: PERMS.channelManager },
      ),
    );
    // Discord's renderer escapes markdown punctuation in titles.
    expect(now.embeds[0].title.replaceAll('\\', '')).toMatch(
      /^Posted the week 34 \(17–23 Aug 2026\) digest to this channel$/,
    );
    const parents = h.fake.channels.get(FAKE_CHANNEL_ID)!.filter((m) => m.thread);
    expect(parents).toHaveLength(1);
    expect(parents[0]!.body.embeds[0].title.replaceAll('\\', '')).toMatch(
      /^Weekly Papers · week 34 \(17–23 Aug 2026\) · \d+ papers, top 3$/,
    );
    expect(h.fake.channels.get(parents[0]!.thread!.id)).toHaveLength(3);
  });
});
