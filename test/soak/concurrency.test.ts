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
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };
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

  // KNOWN DEFECT, kept visible: 1,000 dispatches in one instant. The adapter races each
  // command against a 25 ms timer before deferring, but all 1,000 commands' work runs
  // before any timer or callback can go out, so about half the callbacks reach Discord
  // after its 3 s deadline (Unknown interaction, 10062) and those people get nothing.
  // Fix (adapters/discord/interactions.ts): defer at once when the interaction is
  // already old (Date.now() - createdTimestamp) or many are in flight. When that lands
  // this test starts failing: remove `.fails` then.
  it.fails('Discord: 1,000 INTERACTION_CREATE dispatches in one instant, every one answered', () => discordRun(0, 30_000));

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
