import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/logger.js';
import { FakeHf } from '../papers/fake-hf.js';
import { COMMAND_MIX, discordBurst, slackBurst, slackPings, slackStrings } from './burst.js';
import { hfServices, startDiscordStack, startSlackStack } from './stacks.js';

// Many commands at the same moment through each whole stack (FakeHf → HfClient →
// CachedSource → bot → the real discord.js Client / Bolt App → loopback fakes): every
// one answered, none dropped, nothing unhandled. The 1,000-per-adapter run is in
// test/soak; this is the quick version for every `npm test`. Discord interactions are
// dispatched over half a second: all 200 in one instant takes this shared 2-core machine
// up to 2 s per callback, too near Discord's 3 s deadline for a suite that must not
// flake (the soak test covers the instant burst, and what it shows).
const N = 200;
const texts = Array.from({ length: N }, (_, i) => COMMAND_MIX[i % COMMAND_MIX.length]!);

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let hf: FakeHf;
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  hf = await new FakeHf().start();
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await hf.stop();
});

describe(`${N} concurrent commands`, () => {
  it('through Discord: every interaction answered, nothing pings, nothing crashes', async () => {
    const logger = new MemoryLogger();
    const stack = await startDiscordStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await discordBurst(stack, texts, 60_000, 500);
      expect(verdicts.filter((v) => !v.answered).map((v) => v.text)).toEqual([]);
      expect(verdicts.filter((v) => v.apologised).map((v) => v.text)).toEqual([]);
      for (const v of verdicts) for (const b of v.bodies) expect(b.allowed_mentions, v.text).toEqual({ parse: [] });
      // One upstream fetch per distinct list, not one per command: the cache coalesced them.
      expect(hf.count('/api/daily_papers', ['date', '2026-08-21'])).toBeLessThanOrEqual(2);
    } finally {
      await stack.close();
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(unhandled).toEqual([]);
  });

  it('through Slack: every signed POST acked and answered once, nothing pings, nothing crashes', async () => {
    const logger = new MemoryLogger();
    const stack = await startSlackStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await slackBurst(stack, texts);
      expect(verdicts.filter((v) => v.status !== 200).map((v) => v.text)).toEqual([]);
      expect(verdicts.filter((v) => v.posts.length !== 1).map((v) => `${v.text}: ${v.posts.length} answers`)).toEqual(
        [],
      );
      for (const v of verdicts) {
        const strings = slackStrings(v.posts[0]!.body);
        expect(strings.join(' '), v.text).not.toMatch(/Something went wrong/);
        expect(strings.flatMap(slackPings), v.text).toEqual([]);
      }
    } finally {
      await stack.close();
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
