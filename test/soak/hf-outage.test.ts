import { createServices } from '../../src/services.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeHf } from '../papers/fake-hf.js';
import { slackBurst, slackStrings } from '../reliability/burst.js';
import { startSlackStack, type SlackStack } from '../reliability/stacks.js';

// Hugging Face goes down in the middle of a busy hour: 500 commands arrive at once
// through the real Bolt stack while every upstream request fails. Lists fetched before
// the outage are served from the cache with their age; what was never fetched gets the
// clear "isn't answering" error; the outage is not multiplied into one upstream request
// per command; nothing crashes or turns into an internal error.
const N = 500;
const TEXTS = ['today', 'today top=3', 'date 2026-08-20', 'search reinforcement learning agents', 'week 2026-W34'];

let hf: FakeHf;
let stack: SlackStack;
let clock = Date.parse('2026-08-21T12:00:00Z');
const logger = new MemoryLogger();

beforeAll(async () => {
  hf = await new FakeHf().start();
  const api = new HfClient({
    baseUrl: hf.url,
    logger,
    timeoutMs: 500,
    maxAttempts: 2,
    baseDelayMs: 5,
    now: () => clock,
  });
  const papers = new CachedSource({ api, logger, openDayTtlMs: 10 * 60_000, now: () => clock });
  stack = await startSlackStack(
    createServices({ papers, store: new MemoryStore(), logger, now: () => new Date(clock) }),
  );
});
afterAll(async () => {
  await stack.close();
  await hf.stop();
});

describe(`${N} commands at once during a Hugging Face outage`, () => {
  it('answers from the cache with its age, or with a clear error; never an internal error', async () => {
    // Before the outage: today's list and a closed day are cached.
    const warm = await slackBurst(stack, ['today', 'date 2026-08-20']);
    expect(warm.every((v) => v.posts.length === 1)).toBe(true);

    clock += 3 * 3600_000; // today's copy is 3 h old: due for a refresh that will fail
    const before = hf.requests.length;
    hf.queue(
      ...Array.from({ length: 5000 }, (_, i) =>
        i % 3 === 0 ? { kind: 'hang' as const } : { kind: 'status' as const, status: 502 },
      ),
    );
    const texts = Array.from({ length: N }, (_, i) => TEXTS[i % TEXTS.length]!);
    const verdicts = await slackBurst(stack, texts, 120_000);

    for (const v of verdicts) {
      expect(v.status, v.text).toBe(200);
      expect(v.posts.length, v.text).toBeGreaterThan(0);
      const shown = v.posts.flatMap((p) => slackStrings(p.body)).join('\n');
      expect(shown, v.text).not.toMatch(/Something went wrong/);
      if (v.text.startsWith('today')) expect(shown, v.text).toMatch(/Served from a cache 3 h old/);
      else if (v.text.startsWith('date'))
        expect(shown, v.text).not.toMatch(/isn't answering/); // closed lists never expire
      else expect(shown, v.text).toMatch(/Hugging Face isn.t answering right now/);
    }
    // Commands in flight together share one upstream fetch per list. A failed fetch is not
    // remembered, so a command arriving after it tries again (about 40 requests here):
    // far from one per command, but a short negative cache would save the anonymous
    // budget (500 requests / 5 min) during a long outage.
    const upstream = hf.requests.length - before;
    expect(upstream).toBeLessThan(N / 5);
    expect(logger.entries.filter((e) => e.level === 'error' && !/Hugging Face request failed/.test(e.msg))).toEqual([]);
  });
});
