import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commands as allCommands } from '../../commands/index.js';
import { buildSlashCommands, isChannelCapable } from '../../adapters/discord/slash-commands.js';
import type { Caller } from '../../src/caller.js';
import { defineCommand, flagArg, textArg } from '../../src/command.js';
import { chatInput, FAKE_GUILD_ID, PERMS } from '../fakes/discord/payloads.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, startHarness, type Harness } from './harness.js';

const ada = { id: '900000000000000721', username: 'ada' };
const mod = { id: '900000000000000722', username: 'mod' };

/** Channel-capable commands owned by this test, so it does not depend on others' work. */
const seen: { caller: Caller; here: boolean }[] = [];
const watch = defineCommand({
  name: 'watch',
  summary: 'Watch a topic (for you, or for this channel with here)',
  usage: 'watch <topic> [tz=Zone] [here]',
  examples: ['watch diffusion'],
  positional: 'topic',
  flags: ['here'],
  args: z.object({
    topic: textArg('The topic', 200),
    tz: z.string().optional().describe('Your time zone'),
    here: flagArg('For this channel'),
  }),
  scope: 'channel',
  async run(ctx) {
    seen.push({ caller: ctx.caller, here: ctx.args.here === true });
    return {
      title: 'Watching',
      lines: [`${ctx.args.topic} for ${ctx.args.here ? 'this channel' : 'you'}`],
      visibility: 'private',
    };
  },
});
const unsubscribe = defineCommand({
  name: 'unsubscribe',
  summary: 'Stop a topic',
  usage: 'unsubscribe <topic> [here]',
  examples: ['unsubscribe diffusion'],
  positional: 'topic',
  flags: ['here'],
  args: z.object({ topic: textArg('The topic to stop', 200), here: flagArg('For this channel') }),
  scope: 'channel',
  run: async () => ({ title: 'Stopped', visibility: 'private' }),
});
const commands = [...allCommands, watch, unsubscribe];

describe('slash command registration', () => {
  const body = buildSlashCommands(commands);
  const [papers, channel] = body as [any, any]; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('registers /papers for everyone (servers and DMs) and /papers-channel for Manage Channels only', () => {
    expect(body).toHaveLength(2);
    expect(papers.name).toBe('papers');
    expect(papers.default_member_permissions).toBeUndefined();
    expect(papers.contexts).toEqual([0, 1]);
    expect(channel.name).toBe('papers-channel');
    expect(channel.default_member_permissions).toBe('16');
    expect(channel.contexts).toEqual([0]);
    expect(papers.options.map((o: { name: string }) => o.name)).toEqual(commands.map((c) => c.name));
    expect(channel.options.map((o: { name: string }) => o.name)).toEqual(
      commands.filter(isChannelCapable).map((c) => c.name),
    );
    expect(channel.options.map((o: { name: string }) => o.name)).toEqual(
      expect.arrayContaining(['watch', 'unsubscribe']),
    );
    // `here` is never an option: it is implied by which command you use.
    for (const sub of [...papers.options, ...channel.options]) {
      expect(sub.options.map((o: { name: string }) => o.name)).not.toContain('here');
    }
  });

  it('types options from the zod schema: integers with bounds, enums as choices, autocomplete', () => {
    const today = papers.options.find((o: { name: string }) => o.name === 'today');
    expect(today.options).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'top', type: 4, min_value: 1, max_value: 100, required: false }),
        expect.objectContaining({
          name: 'sort',
          type: 3,
          choices: [
            { name: 'top', value: 'top' },
            { name: 'new', value: 'new' },
            { name: 'trending', value: 'trending' },
            { name: 'foryou', value: 'foryou' },
          ],
        }),
      ]),
    );
    const w = papers.options.find((o: { name: string }) => o.name === 'watch');
    expect(w.options[0]).toMatchObject({ name: 'topic', type: 3, required: true, max_length: 200 });
    expect(w.options.find((o: { name: string }) => o.name === 'tz')).toMatchObject({ autocomplete: true });
    const u = papers.options.find((o: { name: string }) => o.name === 'unsubscribe');
    expect(u.options[0]).toMatchObject({ name: 'topic', autocomplete: true });
  });

  it('obeys Discord rules for every real command: names, descriptions, required first, ≤ 25', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (const top of buildSlashCommands(allCommands) as any[]) {
      expect(top.options.length).toBeLessThanOrEqual(25);
      for (const sub of top.options) {
        expect(sub.name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(sub.description.length).toBeGreaterThan(0);
        expect(sub.description.length).toBeLessThanOrEqual(100);
        expect(sub.options.length).toBeLessThanOrEqual(25);
        const required = sub.options.map((o: { required: boolean }) => o.required);
        expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
        for (const o of sub.options) {
          expect(o.name).toMatch(/^[-_a-z0-9]{1,32}$/);
          expect(o.description.length).toBeLessThanOrEqual(100);
        }
      }
    }
  });
});

describe('channel-level commands are re-checked at run time', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ commands, deferAfterMs: 2000 });
  });
  afterAll(async () => {
    await h.close();
  });

  async function ask(payload: ReturnType<typeof chatInput>) {
    seen.length = 0;
    h.fake.interact(payload);
    const cb = await callbackOf(h.fake, payload);
    expectValidMessage(cb.body.data);
    return cb;
  }

  it('denies /papers-channel to a member without Manage Channels, privately, without running it', async () => {
    const cb = await ask(
      chatInput('papers-channel', 'watch', [{ name: 'topic', type: 3, value: 'diffusion' }], {
        user: ada,
        permissions: PERMS.member,
      }),
    );
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].description).toContain('Manage Channels');
    expect(seen).toEqual([]);
  });

  it('denies a stale `here: true` on /papers the same way', async () => {
    const cb = await ask(
      chatInput(
        'papers',
        'watch',
        [
          { name: 'topic', type: 3, value: 'x' },
          { name: 'here', type: 5, value: true },
        ],
        { user: ada },
      ),
    );
    expect(cb.body.data.embeds[0].description).toContain('Manage Channels');
    expect(seen).toEqual([]);
  });

  it('runs it for this channel when the member may Manage Channels', async () => {
    const cb = await ask(
      chatInput('papers-channel', 'watch', [{ name: 'topic', type: 3, value: 'diffusion' }], {
        user: mod,
        permissions: PERMS.channelManager,
      }),
    );
    expect(cb.body.data.embeds[0].description).toBe('diffusion for this channel');
    expect(seen).toEqual([
      {
        caller: expect.objectContaining({
          userId: mod.id,
          workspaceId: FAKE_GUILD_ID,
          canManageChannel: true,
          isDirectMessage: false,
        }),
        here: true,
      },
    ]);
  });

  it('lets anyone use the personal form, and tells the core they cannot manage the channel', async () => {
    const cb = await ask(
      chatInput('papers', 'watch', [{ name: 'topic', type: 3, value: 'diffusion' }], {
        user: ada,
        permissions: PERMS.member,
      }),
    );
    expect(cb.body.data.embeds[0].description).toBe('diffusion for you');
    expect(seen[0]!.caller.canManageChannel).toBe(false);
  });

  it('works in DMs for personal commands, and explains that channel settings need a server', async () => {
    const dm = { user: ada, dm: true, channelId: '900000000000000334' };
    let cb = await ask(chatInput('papers', 'watch', [{ name: 'topic', type: 3, value: 'grokking' }], dm));
    expect(cb.body.data.embeds[0].description).toBe('grokking for you');
    expect(seen[0]!.caller).toMatchObject({ isDirectMessage: true, workspaceId: '', canManageChannel: false });
    cb = await ask(chatInput('papers-channel', 'watch', [{ name: 'topic', type: 3, value: 'grokking' }], dm));
    expect(cb.body.data.embeds[0].description).toContain('server channel');
  });
});

describe('autocomplete', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ commands, deferAfterMs: 2000 });
    const sub = (kind: 'user' | 'channel', id: string, topic: string) =>
      h.store.subscriptions.add(
        {
          id: `${kind}-${topic}`,
          target: { platform: 'discord', workspaceId: kind === 'user' ? '' : FAKE_GUILD_ID, kind, id },
          topic,
          key: topic.toLowerCase(),
          createdBy: ada.id,
          createdAt: new Date().toISOString(),
        },
        25,
      );
    await sub('user', ada.id, 'diffusion');
    await sub('user', ada.id, 'grokking');
    await sub('user', ada.id, '"in-context learning" OR ICL');
    await sub('channel', '900000000000000200', 'channel topic');
  });
  afterAll(async () => {
    await h.close();
  });

  async function complete(command: string, sub: string, option: string, typed: string, perms = PERMS.member) {
    const payload = chatInput(
      command,
      sub,
      [{ name: option, type: 3, value: typed, focused: true }],
      { user: ada, permissions: perms },
      true,
    );
    h.fake.interact(payload);
    const cb = await callbackOf(h.fake, payload);
    expect(cb.body.type).toBe(8);
    return cb.body.data.choices as { name: string; value: string }[];
  }

  it('completes time zones from Intl', async () => {
    expect(await complete('papers', 'watch', 'tz', 'berl')).toEqual([
      { name: 'Europe/Berlin', value: 'Europe/Berlin' },
    ]);
    expect((await complete('papers', 'watch', 'tz', '')).length).toBe(25);
  });

  it("completes unsubscribe from the caller's own topics", async () => {
    expect((await complete('papers', 'unsubscribe', 'topic', '')).map((c) => c.value)).toEqual([
      'diffusion',
      'grokking',
      '"in-context learning" OR ICL',
    ]);
    expect((await complete('papers', 'unsubscribe', 'topic', 'GROK')).map((c) => c.value)).toEqual(['grokking']);
  });

  it("completes the channel's topics only for those who may change them", async () => {
    expect(
      (await complete('papers-channel', 'unsubscribe', 'topic', '', PERMS.channelManager)).map((c) => c.value),
    ).toEqual(['channel topic']);
    expect(await complete('papers-channel', 'unsubscribe', 'topic', '', PERMS.member)).toEqual([]);
  });
});
