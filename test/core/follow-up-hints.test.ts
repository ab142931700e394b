import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { Reply } from '../../src/reply.js';
import { createServices } from '../../src/services.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { person } from './helpers.js';

/**
 * Issue 13 items 2, 3 and 5 (tz=UTC): every follow-up a digest or subscription reply
 * suggests is the command that works for that same place on that platform — `here` kept
 * for a channel in the text grammar, `/papers-channel` on Discord — and "nothing to post"
 * states the options that were really used.
 */
const NOW = new Date('2026-08-22T09:00:00Z');

function bot(platform: 'terminal' | 'slack' | 'discord') {
  const sink = new MemoryDigestSink(platform);
  const services = createServices({
    papers: new SampleSource(),
    store: new MemoryStore(),
    logger: new MemoryLogger(),
    now: () => NOW,
    sinks: [sink],
  });
  const b = createBot(services, commands);
  const caller = person({
    platform,
    canManageChannel: true,
    ...(platform === 'discord' ? { channelCommand: '/papers-channel' } : {}),
  });
  return (text: string): Promise<Reply> => b.handle({ caller, text });
}

const all = (r: Reply): string =>
  [r.title, r.error?.message, ...(r.lines ?? []), ...(r.notices ?? [])].filter(Boolean).join('\n');
/** Every `/papers…` command a reply suggests. */
const suggested = (r: Reply): string[] => [...all(r).matchAll(/`(\/papers[^`]*)`/g)].map((m) => m[1]!);

const SEQUENCES = [
  'digest on',
  'digest status',
  'digest now',
  'digest off',
  'digest off',
  'digest status',
  'subscribe grokking',
  'subscriptions',
  'unsubscribe #1',
  'subscriptions',
];

describe('issue 13 item 2: follow-up hints name the command that works for that place', () => {
  for (const platform of ['terminal', 'slack'] as const) {
    it(`${platform}: hints after a channel command keep "here"; after a personal one they do not`, async () => {
      const ask = bot(platform);
      let hints = 0;
      for (const text of SEQUENCES) {
        for (const here of [true, false]) {
          for (const hint of suggested(await ask(`${text}${here ? ' here' : ''}`))) {
            // A hint for another command family (help, today) may stand alone; a follow-up of
            // the same family must address the same place.
            const family = /^\/papers (digest|subscribe|subscriptions|unsubscribe)\b/.exec(hint);
            if (!family) continue;
            hints++;
            expect(hint.endsWith(' here'), `${text}${here ? ' here' : ''} → ${hint}`).toBe(here);
          }
        }
      }
      expect(hints).toBeGreaterThanOrEqual(12);
    });
  }

  it('discord: channel hints are /papers-channel commands, personal ones /papers, never "here"', async () => {
    const ask = bot('discord');
    let hints = 0;
    for (const text of SEQUENCES) {
      for (const here of [true, false]) {
        for (const hint of suggested(await ask(`${text}${here ? ' here' : ''}`))) {
          if (!/^\/papers(-channel)? (digest|subscribe|subscriptions|unsubscribe)\b/.test(hint)) continue;
          hints++;
          expect(hint, `${text} → ${hint}`).not.toMatch(/ here$/);
          expect(hint.startsWith('/papers-channel '), `${text}${here ? ' here' : ''} → ${hint}`).toBe(here);
        }
      }
    }
    expect(hints).toBeGreaterThanOrEqual(12);
  });
});

describe('issue 13 item 3: "nothing to post" states the options really used', () => {
  for (const minUpvotes of [100_000, 5_000, 777]) {
    it(`digest now min_upvotes=${minUpvotes}`, async () => {
      const ask = bot('terminal');
      await ask('digest on');
      const r = await ask(`digest now min_upvotes=${minUpvotes}`);
      expect(all(r)).toContain(`at least ${minUpvotes} upvotes`);
      expect(all(r)).not.toContain('at least 0 upvotes');
    });
  }
});

describe('issue 13 item 5: with tz=UTC the next run is printed once', () => {
  for (const zone of ['UTC', 'Etc/UTC', 'utc']) {
    it(`tz=${zone}`, async () => {
      const r = await bot('terminal')(`digest on tz=${zone}`);
      const next = (r.lines ?? []).map(String).find((l) => l.startsWith('Next run:'))!;
      expect(next.match(/\d\d:\d\d/g)).toHaveLength(1);
    });
  }
  it('tz=Europe/Berlin gives the local time and the UTC time', async () => {
    const r = await bot('terminal')('digest on tz=Europe/Berlin');
    const next = (r.lines ?? []).map(String).find((l) => l.startsWith('Next run:'))!;
    expect(next).toBe('Next run: Mon 24 Aug 2026 09:00 Europe/Berlin (Mon 24 Aug 2026 07:00 UTC).');
  });
});
