import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { renderReply } from '../../adapters/discord/render.js';
import { subcommandFor } from '../../adapters/discord/slash-commands.js';
import type { Bot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { assemble } from '../../src/main.js';
import type { Caller } from '../../src/caller.js';
import type { Command, RawArgs } from '../../src/command.js';
import { parseArgs, splitCommand } from '../../src/grammar.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { chatInput, FAKE_CHANNEL_ID, FAKE_GUILD_ID, PERMS, type SubOption } from '../fakes/discord/payloads.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, settle, SlowSource, startHarness, type Harness } from './harness.js';

const ada = { id: '900000000000000701', username: 'ada' };
const guildCaller = (userId: string): Caller => ({
  platform: 'discord',
  userId,
  workspaceId: FAKE_GUILD_ID,
  channelId: FAKE_CHANNEL_ID,
  isDirectMessage: false,
  canManageChannel: false,
  // Hints for a channel name the command that works here: /papers-channel …
  channelCommand: '/papers-channel',
});

/** Discord option values typed as the registered option says (integers as numbers, flags as booleans). */
function typedOptions(command: Command, args: RawArgs): SubOption[] {
  const declared = subcommandFor(command).options ?? [];
  return Object.entries(args).map(([name, value]) => {
    const type = declared.find((o) => o.name === name)?.type ?? 3;
    return { name, type, value: type === 4 || type === 10 ? Number(value) : type === 5 ? value === 'true' : value };
  });
}

describe('every /papers subcommand through the real Client and the fake Discord', () => {
  let h: Harness;
  /** The same core over its own store: it sees the same commands in the same order, so
   * stateful commands (digest on/off) answer exactly what the adapter's bot answers. */
  let twin: Bot;
  // A generous defer threshold: these tests pin down the direct-answer path (type 4).
  beforeAll(async () => {
    h = await startHarness({ deferAfterMs: 2000 });
    // The twin is built the same way (composition root, the same search index) with a
    // working Discord-named sink, so `digest now` answers as the adapter's bot does.
    const { papers, logger, now, search } = h.services;
    const built = await assemble(loadConfig({}), logger, {
      papers,
      now,
      store: new MemoryStore(),
      ...(search ? { search } : {}),
    });
    built.sinks.push(new MemoryDigestSink('discord'));
    twin = built.bot;
  });
  afterAll(async () => {
    await h.close();
  });

  for (const command of commands) {
    for (const example of command.examples) {
      it(`/papers ${example}`, async () => {
        const args = parseArgs(command, splitCommand(example).rest);
        // `here` is not an option on Discord: channel-level forms go through /papers-channel,
        // used by someone with Manage Channels.
        const forChannel = args.here === 'true';
        const caller = { ...guildCaller(ada.id), canManageChannel: forChannel };
        const { here: _here, ...options } = args;
        // What the core answers for this exact caller and these args (also warms the cache).
        const expected = await twin.handle({ caller, name: command.name, args });
        const messages = renderReply(expected);
        const payload = chatInput(
          forChannel ? 'papers-channel' : 'papers',
          command.name,
          typedOptions(command, options),
          {
            user: ada,
            permissions: forChannel ? PERMS.channelManager : PERMS.member,
          },
        );
        h.fake.interact(payload);
        const calls = await settle(h.fake, payload, messages.length);
        const [callback, ...followUps] = calls;
        expect(callback!.path).toBe(`/interactions/${payload.id}/${payload.token}/callback`);
        expect(callback!.body.type).toBe(4);
        const data = callback!.body.data;
        expectValidMessage(data);
        expect(data.embeds).toEqual(messages[0]!.embeds);
        expect(data.content ?? undefined).toEqual(messages[0]!.content);
        // Personal answers (help, errors) are ephemeral; lists are public.
        expect(Boolean((data.flags ?? 0) & 64)).toBe(expected.visibility === 'private');
        const paged = expected.paging && expected.paging.pages > 1;
        // A paging row first when there are pages, then Save rows: one button per card, 5 a row.
        const cards = expected.cards?.length ?? 0;
        expect(data.components ?? []).toHaveLength((paged ? 1 : 0) + Math.ceil(Math.min(cards, 10) / 5));
        // Longer answers continue as follow-ups on the interaction webhook.
        expect(followUps).toHaveLength(messages.length - 1);
        for (const f of followUps) {
          expect(f.method).toBe('POST');
          expectValidMessage(f.body);
        }
      });
    }
  }

  it('renders a bad argument as a clear ephemeral error, not a crash', async () => {
    const payload = chatInput('papers', 'date', [{ name: 'date', type: 3, value: '2026-02-30' }], { user: ada });
    h.fake.interact(payload);
    const cb = await callbackOf(h.fake, payload);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].description).toContain('2026-02-30 is not a date');
    expectValidMessage(cb.body.data);
  });

  it('answers an outdated registration (unknown subcommand) with the list of commands', async () => {
    const payload = chatInput('papers', 'frobnicate', [], { user: ada });
    h.fake.interact(payload);
    const cb = await callbackOf(h.fake, payload);
    expect(cb.body.data.flags).toBe(64);
    expect(cb.body.data.embeds[0].description).toMatch(/There is no .frobnicate. command/);
  });

  it('answers 50 interactions arriving at once, every one exactly once', async () => {
    const payloads = Array.from({ length: 50 }, (_, i) =>
      chatInput('papers', i % 2 ? 'today' : 'yesterday', [{ name: 'top', type: 4, value: 1 + (i % 10) }], {
        user: ada,
      }),
    );
    for (const p of payloads) h.fake.interact(p);
    const callbacks = await Promise.all(payloads.map((p) => callbackOf(h.fake, p)));
    expect(callbacks.map((c) => c.status)).toEqual(payloads.map(() => 204));
    for (const p of payloads) expect(h.fake.callsFor(p).filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
    expect(h.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('sent every message of this suite with allowed_mentions { parse: [] }', () => {
    const bodies = h.fake.requests
      .map((r) => (r.path.endsWith('/callback') ? r.body?.data : r.body))
      .filter((b) => b && (b.content !== undefined || b.embeds !== undefined));
    expect(bodies.length).toBeGreaterThan(20);
    for (const b of bodies) expect(b.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers in a DM too, as the same person', async () => {
    const payload = chatInput('papers', 'help', [], { user: ada, dm: true, channelId: '900000000000000333' });
    h.fake.interact(payload);
    const cb = await callbackOf(h.fake, payload);
    expect(cb.body.type).toBe(4);
    expect(cb.body.data.embeds[0].title).toContain('Paperboy');
  });
});

describe('the 3-second deadline', () => {
  let h: Harness;
  let slow: SlowSource;
  beforeAll(async () => {
    slow = new SlowSource(new SampleSource(), 400);
    h = await startHarness({ source: slow, deferAfterMs: 25 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('defers (type 5) when the answer needs a slow Hugging Face, then edits the original', async () => {
    const payload = chatInput('papers', 'today', [{ name: 'top', type: 4, value: 3 }], { user: ada });
    h.fake.interact(payload);
    const [callback, edit] = await settle(h.fake, payload, 2);
    expect(callback!.body).toEqual({ type: 5, data: { flags: 0 } });
    // The defer went out long before the answer was ready.
    expect(callback!.at - h.fake.dispatchedAt.get(payload.id)!).toBeLessThan(
      edit!.at - h.fake.dispatchedAt.get(payload.id)!,
    );
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toBe(`/webhooks/${payload.application_id}/${payload.token}/messages/@original`);
    expectValidMessage(edit!.body);
    expect(edit!.body.embeds).toHaveLength(3);
    expect(edit!.body.content).toContain('Daily Papers');
  });

  it('turns a public "thinking…" into a private answer when the result is an error', async () => {
    // Hugging Face answers (slowly) that it does not know the id: a personal error.
    const idOption = commands.find((c) => c.name === 'paper')!.positional!;
    const payload = chatInput('papers', 'paper', [{ name: idOption, type: 3, value: '2101.00001' }], { user: ada });
    h.fake.interact(payload);
    const calls = await settle(h.fake, payload, 3);
    expect(calls.map((c) => `${c.method} ${c.path.split('/').slice(-1)[0]}`)).toEqual([
      'POST callback',
      'DELETE @original',
      `POST ${payload.token}`,
    ]);
    expect(calls[0]!.body.data.flags).toBe(0);
    expect(calls[2]!.body.flags).toBe(64);
    expect(calls[2]!.body.embeds[0].description).toContain('2101.00001');
    expectValidMessage(calls[2]!.body);
  });
});
