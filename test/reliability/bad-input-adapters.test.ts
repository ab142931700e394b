import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/logger.js';
import { FakeHf } from '../papers/fake-hf.js';
import { badInputs } from './bad-inputs.js';
import { discordBurst, slackBurst, slackPings, slackStrings, toDiscordOptions } from './burst.js';
import { hfServices, startDiscordStack, startSlackStack } from './stacks.js';

// The lead's bad-input corpus (test/reliability/bad-inputs.ts) through each whole
// adapter stack: every input gets an answer — a clear error or a valid result — none is
// an internal error, nothing is logged as an error, and nothing can ping anyone.
let hf: FakeHf;
beforeAll(async () => {
  hf = await new FakeHf().start();
});
afterAll(async () => {
  await hf.stop();
});

describe(`bad-input corpus through the adapters (${badInputs.length} inputs)`, () => {
  it('maps every input onto a Discord subcommand (typed options when it parses)', () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(150);
    expect(toDiscordOptions('today top=5')).toEqual({ sub: 'today', options: [{ name: 'top', type: 4, value: 5 }] });
    expect(toDiscordOptions('today top=five').options).toEqual([{ name: 'top', type: 3, value: 'five' }]);
  });

  it('Discord: every interaction answered within limits, no internal error, allowed_mentions {parse: []} on every message', async () => {
    const logger = new MemoryLogger();
    const stack = await startDiscordStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await discordBurst(stack, badInputs, 60_000, 1000);
      expect(verdicts.filter((v) => !v.answered).map((v) => v.text.slice(0, 60))).toEqual([]);
      expect(verdicts.filter((v) => v.apologised).map((v) => v.text.slice(0, 60))).toEqual([]);
      for (const v of verdicts) {
        const label = JSON.stringify(v.text.slice(0, 60));
        expect(v.bodies.length, label).toBeGreaterThan(0);
        for (const body of v.bodies) {
          expect(body.allowed_mentions, label).toEqual({ parse: [] });
          const embeds = (body.embeds ?? []) as { title?: string; description?: string }[];
          expect(embeds.length, label).toBeLessThanOrEqual(10);
          expect(String(body.content ?? '').length, label).toBeLessThanOrEqual(2000);
          for (const e of embeds) {
            expect(e.title?.length ?? 0, label).toBeLessThanOrEqual(256);
            expect(e.description?.length ?? 0, label).toBeLessThanOrEqual(4096);
          }
        }
      }
    } finally {
      await stack.close();
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('Slack: every signed POST acked and answered, no internal error, no <!channel>/<!here>/<@…>/<#…> anywhere', async () => {
    const logger = new MemoryLogger();
    const stack = await startSlackStack(hfServices(hf.url, { logger }));
    try {
      const verdicts = await slackBurst(stack, badInputs);
      for (const v of verdicts) {
        const label = JSON.stringify(v.text.slice(0, 60));
        expect(v.status, label).toBe(200);
        expect(v.posts.length, label).toBeGreaterThan(0);
        for (const post of v.posts) {
          const strings = slackStrings(post.body);
          expect(typeof post.body.text, label).toBe('string'); // the fallback is always there
          expect(strings.join('\n'), label).not.toMatch(/Something went wrong/);
          expect(strings.flatMap(slackPings), label).toEqual([]);
        }
      }
    } finally {
      await stack.close();
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});

describe('the ping check itself', () => {
  it('flags Slack control sequences and lets our own links through', () => {
    expect(slackPings('hi <!channel> and <@U123> in <#C1|x> <!subteam^S1>')).toEqual([
      '<!channel>',
      '<@U123>',
      '<#C1|x>',
      '<!subteam^S1>',
    ]);
    expect(slackPings('see <https://huggingface.co/papers/2608.19880|EnvHarness &lt;!here&gt;>')).toEqual([]);
    expect(slackPings('&lt;!channel&gt; is escaped')).toEqual([]);
  });
});
