import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/logger.js';
import { FakeHf } from '../papers/fake-hf.js';
import { COMMAND_MIX, discordBurst, slackBurst, slackPings, slackStrings } from '../reliability/burst.js';
import { hfServices, startDiscordStack, startSlackStack } from '../reliability/stacks.js';

// The long version of test/reliability/concurrency.test.ts: 1,000 commands at the same
// moment through each adapter's whole stack. Every one answered exactly once, nothing
// dropped, no unhandled rejection, no error logged. `npm run test:soak`.
const N = 1000;
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

describe(`${N} concurrent commands per adapter`, () => {
  const discordRun = async (spreadMs: number, timeoutMs = 120_000) => {
    const logger = new MemoryLogger();
    const stack = await startDiscordStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await discordBurst(stack, texts, timeoutMs, spreadMs);
      expect(verdicts.filter((v) => !v.answered).map((v) => v.text)).toEqual([]);
      expect(verdicts.filter((v) => v.apologised)).toHaveLength(0);
      for (const v of verdicts) for (const b of v.bodies) expect(b.allowed_mentions, v.text).toEqual({ parse: [] });
      // Each interaction is answered once: one callback, accepted, never a second one.
      const callbacks = stack.fake.requests.filter((r) => r.path.endsWith('/callback'));
      expect(callbacks.filter((r) => r.status !== 204)).toEqual([]);
      expect(callbacks).toHaveLength(N);
    } finally {
      await stack.close();
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(unhandled).toEqual([]);
  };

  it('Discord: 1,000 INTERACTION_CREATE dispatches within 2 s, every one answered, none pings', () => discordRun(2000));

  // 1,000 in one instant sits right at Discord's 3 s deadline on a 2-core machine: every
  // one answered when the machine is quiet (last callback at about 2.6 s), about half
  // too late under other load (the fake answers 10062 Unknown interaction, as Discord
  // would). Whether each makes it is a speed question, so it is measured in
  // `npm run bench` (row 1), not asserted here. What must hold at any speed is asserted:
  // nothing crashes or goes unhandled, nothing pings, each interaction is answered at
  // most once, and every one that missed the deadline is logged, not lost in silence.
  it('Discord: 1,000 INTERACTION_CREATE dispatches in one instant: no crash, no ping, misses logged', async () => {
    const logger = new MemoryLogger();
    const stack = await startDiscordStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await discordBurst(stack, texts, 30_000, 0);
      for (const v of verdicts) for (const b of v.bodies) expect(b.allowed_mentions, v.text).toEqual({ parse: [] });
      const missed = verdicts.filter((v) => !v.answered).length;
      const accepted = stack.fake.requests.filter((r) => r.path.endsWith('/callback') && r.status === 204);
      expect(new Set(accepted.map((r) => r.path)).size).toBe(accepted.length);
      expect(accepted.length + missed).toBe(N);
      const loggedMisses = logger.entries.filter((e) => e.level === 'error' && e.msg === 'discord interaction failed');
      expect(loggedMisses).toHaveLength(missed);
      console.log(`instant burst of ${N}: ${N - missed} answered, ${missed} missed Discord's 3 s deadline`);
    } finally {
      await stack.close();
    }
    expect(unhandled).toEqual([]);
  });

  it('Slack: 1,000 signed slash-command POSTs, every one acked and answered once, none pings', async () => {
    const logger = new MemoryLogger();
    const stack = await startSlackStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await slackBurst(stack, texts, 300_000);
      expect(verdicts.filter((v) => v.status !== 200)).toHaveLength(0);
      expect(verdicts.filter((v) => v.posts.length !== 1).map((v) => `${v.text}: ${v.posts.length}`)).toEqual([]);
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
