import { testApp } from '../core/helpers.js';
import { describe, expect, it } from 'vitest';
import { TerminalDigestSink } from '../../adapters/terminal/digest-sink.js';
import type { Caller } from '../../src/caller.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import type { DigestSink } from '../../src/digest/sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { Reply } from '../../src/reply.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const NOW = new Date('2026-08-22T09:00:00Z'); // Saturday; the sample's newest list is Fri 21 Aug

function setup(sink: DigestSink = new MemoryDigestSink('terminal'), withDigest = true) {
  const store = new MemoryStore();
  const papers = new SampleSource();
  const logger = new MemoryLogger();
  const { services, bot } = testApp({ papers, store, logger, now: () => NOW, sinks: withDigest ? [sink] : [] });
  const ask = (text: string, caller: Partial<Caller> = {}): Promise<Reply> =>
    bot.handle({
      caller: {
        platform: 'terminal',
        userId: 'U1',
        workspaceId: 'W1',
        channelId: 'C1',
        isDirectMessage: false,
        canManageChannel: false,
        ...caller,
      },
      text,
    });
  return { store, sink, ask, services };
}
const dmTarget = { platform: 'terminal', workspaceId: 'W1', kind: 'user', id: 'U1' } as const;
const channelTarget = { platform: 'terminal', workspaceId: 'W1', kind: 'channel', id: 'C1' } as const;
const text = (r: Reply): string =>
  [r.title, r.error?.message, ...(r.lines ?? []), ...(r.notices ?? [])].filter(Boolean).join('\n');

describe('/papers digest', () => {
  it('on: a DM digest with the defaults, saying when it runs in local time and UTC', async () => {
    const { ask, store } = setup();
    const r = await ask('/papers digest on');
    expect(r.error).toBeUndefined();
    expect(await store.digests.get(dmTarget)).toMatchObject({
      time: '09:00',
      timezone: 'Europe/Berlin',
      top: 10,
      minUpvotes: 0,
      days: 'weekdays',
      enabled: true,
      createdBy: 'U1',
      createdAt: NOW.toISOString(),
    });
    expect(text(r)).toContain('Next run: Mon 24 Aug 2026 09:00 Europe/Berlin (Mon 24 Aug 2026 07:00 UTC).');
  });

  it("on here needs channel-admin rights, and then sets the channel's digest", async () => {
    const { ask, store } = setup();
    const denied = await ask('digest on here');
    expect(denied.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('needs channel-admin rights'),
    });
    expect(await store.digests.get(channelTarget)).toBeUndefined();
    const ok = await ask('digest on time=8:30 tz=america/new_york top=5 min_upvotes=3 days=daily here', {
      canManageChannel: true,
    });
    expect(ok.error).toBeUndefined();
    expect(await store.digests.get(channelTarget)).toMatchObject({
      time: '08:30',
      timezone: 'America/New_York',
      top: 5,
      minUpvotes: 3,
      days: 'daily',
    });
    // Changing one setting keeps the others
    await ask('digest on top=7 here', { canManageChannel: true });
    expect(await store.digests.get(channelTarget)).toMatchObject({
      time: '08:30',
      timezone: 'America/New_York',
      top: 7,
      minUpvotes: 3,
      days: 'daily',
    });
  });

  it('explains bad zones and times', async () => {
    const { ask, store } = setup();
    expect((await ask('digest on tz=Europe/Berln')).error).toEqual({
      code: 'bad_input',
      message: 'Europe/Berln is not a time zone — did you mean Europe/Berlin?',
    });
    expect((await ask('digest on time=25:00')).error!.message).toBe(
      'time=25:00 is not a time of day. Use 24-hour HH:MM, e.g. time=09:00 or time=18:30.',
    );
    expect((await ask('digest on top=0')).error!.message).toContain('top= must be at least 1');
    expect((await ask('digest sometimes')).error!.message).toContain('must be on, off, status or now');
    expect(await store.digests.list()).toEqual([]);
  });

  it('now: posts the latest closed list as a thread, once', async () => {
    const sink = new MemoryDigestSink('terminal');
    const { ask } = setup(sink);
    await ask('digest on');
    const r = await ask('digest now');
    expect(text(r)).toBe('Posted the Fri 21 Aug 2026 digest to your direct messages\n10 papers in a thread.');
    expect(sink.threads).toHaveLength(1);
    expect(sink.threads[0]!.header.title).toBe('Daily Papers · Fri 21 Aug 2026 · 17 papers, top 10');
    expect(sink.threads[0]!.cards[0]).toMatchObject({ rank: 1, id: '2608.19880', upvotes: 163 });
    expect((await ask('digest now')).title).toBe(
      'The Fri 21 Aug 2026 digest was already posted to your direct messages',
    );
    expect(sink.threads).toHaveLength(1);
    const status = await ask('digest status');
    expect(text(status)).toContain('Last delivery: the Fri 21 Aug 2026 list — 10 papers posted.');
    expect(text(status)).toContain(
      'Would include now: nothing new — the Fri 21 Aug 2026 list was already delivered here',
    );
    expect(status.cards).toBeUndefined();
  });

  it('now: with topics, only matching papers, each saying why', async () => {
    const sink = new MemoryDigestSink('terminal');
    const { ask, store } = setup(sink);
    await store.subscriptions.add(
      {
        id: 's1',
        target: dmTarget,
        topic: 'reasoning OR agent',
        key: 'reasoning or agent',
        createdBy: 'U1',
        createdAt: NOW.toISOString(),
      },
      25,
    );
    const r = await ask('digest now');
    expect(r.error).toBeUndefined();
    const thread = sink.threads[0]!;
    expect(thread.header.title).toMatch(/^Daily Papers · Fri 21 Aug 2026 · \d+ of 17 papers match your topics/);
    expect(thread.cards.length).toBeGreaterThan(0);
    expect(thread.cards.every((c) => c.why?.startsWith('matched: '))).toBe(true);
  });

  it('now: says so when no platform can post', async () => {
    const { ask } = setup(undefined, false);
    expect((await ask('digest now')).error!.message).toContain('no chat platform connection is running');
  });

  it('status: schedule, next run, last delivery, preview; and a gone target is reported', async () => {
    const sink = new MemoryDigestSink('terminal');
    const { ask, store } = setup(sink);
    expect((await ask('digest status')).title).toBe('No digest for your direct messages');
    await ask('digest on here', { canManageChannel: true });
    const before = await ask('digest status here');
    expect(text(before)).toContain('Last delivery: none yet.');
    // A compact preview: the count and the first three titles, not ten full cards.
    expect(text(before)).toMatch(
      /Would include now \(the Fri 21 Aug 2026 list\): 10 papers, led by “[^”]+”, “[^”]+”, “[^”]+” and 7 more\./,
    );
    expect(before.cards).toBeUndefined();

    sink.markGone(channelTarget);
    const posted = await ask('digest now here', { canManageChannel: true });
    expect(posted.error!.message).toContain('can no longer post to this channel');
    expect((await store.digests.get(channelTarget))!.disabled).toMatchObject({ reason: 'Unknown Channel (10003)' });
    const after = await ask('digest status here');
    expect(text(after)).toContain(
      'Stopped on 2026-08-22: Paperboy could not post here (Unknown Channel (10003)). Give it access again, then run `/papers digest on here`.',
    );
    expect(text(after)).not.toContain('Next run');

    // Turning it on again clears the stop
    await ask('digest on here', { canManageChannel: true });
    expect((await store.digests.get(channelTarget))!.disabled).toBeUndefined();
  });

  it('off keeps the settings and status says it is off', async () => {
    const { ask, store } = setup();
    await ask('digest on top=4');
    expect((await ask('digest off')).title).toBe('Daily digest off for your direct messages');
    expect(await store.digests.get(dmTarget)).toMatchObject({ enabled: false, top: 4 });
    expect(text(await ask('digest status'))).toContain('Switched off.');
    expect((await ask('digest off')).title).toBe('No digest is on for your direct messages');
  });

  it('in the terminal, digest on then digest now prints the thread', async () => {
    let out = '';
    const { ask } = setup(
      new TerminalDigestSink((s) => {
        out += s;
      }),
    );
    await ask('/papers digest on');
    await ask('/papers digest now');
    expect(out).toContain('━━ Daily Papers · Fri 21 Aug 2026 · 17 papers, top 10');
    expect(out).toContain('  │ 1. ');
    expect(out.match(/ {2}│ \d+\. /g)).toHaveLength(10);
    console.log(out.split('\n').slice(0, 9).join('\n'));
  });
});
