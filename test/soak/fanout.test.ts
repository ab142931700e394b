import { createServices } from '../../src/services.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { deliverAll, type DeliveryJob } from '../../src/digest/fanout.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FAKE_GUILD_ID } from '../fakes/discord/payloads.js';
import { startRateLimitProxy, type RateLimitProxy } from '../reliability/rate-limit-proxy.js';
import { startDiscordStack, type DiscordStack } from '../reliability/stacks.js';

// A digest to 300 Discord channels through the real fan-out, the real Discord sink and
// discord.js, with Discord's rate limits enforced in front of the fake and faults on
// top: posts that succeed but whose answer is lost (500 after the fact), 429s with
// Retry-After, and a deleted channel. Every reachable channel must end with exactly one
// parent and exactly `top` papers in its thread; the deleted one is disabled, not retried.
const CHANNELS = 300;
const TOP = 2;
const LIST = '2026-08-21';
const NOW = new Date('2026-08-22T09:00:00Z');

let proxy: RateLimitProxy | undefined;
let stack: DiscordStack;
const store = new MemoryStore();
const logger = new MemoryLogger();
const papers = new SampleSource();

beforeAll(async () => {
  stack = await startDiscordStack(createServices({ papers, store, logger, now: () => NOW }), {
    apiUrl: async (fake) => (proxy = await startRateLimitProxy(`http://127.0.0.1:${fake.port}`)).apiUrl,
  });
});
afterAll(async () => {
  await stack.close();
  await proxy?.close();
});

describe(`digest fan-out to ${CHANNELS} Discord channels under rate limits and faults`, () => {
  it('posts every digest exactly once, resumes lost answers without duplicates, disables the deleted channel', async () => {
    const { fake, discord } = stack;
    const targets: Target[] = Array.from({ length: CHANNELS }, (_, i) => ({
      platform: 'discord',
      workspaceId: FAKE_GUILD_ID,
      kind: 'channel',
      id: String(920000000000000000n + BigInt(i)),
    }));
    const deleted = targets[17]!;
    fake.fail({
      method: 'POST',
      path: new RegExp(`^/channels/${deleted.id}/messages$`),
      status: 404,
      code: 10003,
      times: 100,
    });
    // Posted, but the answer never arrived: discord.js retries with the same nonce.
    fake.fail({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, afterEffect: true, times: 15 });
    fake.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages\/\d+\/threads$/,
      status: 429,
      retryAfter: 0.2,
      times: 5,
    });

    const jobs: DeliveryJob[] = targets.map((target) => ({
      target,
      listDate: LIST,
      settings: { top: TOP, minUpvotes: 0 },
    }));
    const reports = await deliverAll(jobs, {
      store,
      papers,
      sinks: [discord.sink],
      logger,
      now: () => NOW,
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 200))),
    });

    expect(reports).toHaveLength(CHANNELS);
    // The faults really happened (so the counts below prove something).
    expect(fake.requests.filter((r) => r.status === 500)).toHaveLength(15);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(5);
    const byOutcome = (o: string) => reports.filter((r) => r.outcome === o).length;
    expect(byOutcome('gone')).toBe(1);
    expect(reports.find((r) => r.target.id === deleted.id)?.outcome).toBe('gone');
    expect(byOutcome('delivered')).toBe(CHANNELS - 1);

    for (const t of targets) {
      if (t === deleted) {
        expect(fake.channels.get(t.id) ?? []).toHaveLength(0);
        continue;
      }
      const parents = fake.channels.get(t.id) ?? [];
      expect(parents, t.id).toHaveLength(1);
      const thread = parents[0]!.thread;
      expect(thread, t.id).toBeDefined();
      const posted = fake.channels.get(thread!.id) ?? [];
      expect(posted, t.id).toHaveLength(TOP);
      for (const m of [...parents, ...posted]) expect(m.body.allowed_mentions).toEqual({ parse: [] });
      const row = await store.deliveries.get(t, LIST);
      expect(row?.state).toBe('done');
      expect(row?.posted).toHaveLength(TOP);
    }
    // A second run (the next scheduler tick) posts nothing at all. The planner leaves out
    // the disabled target; everything else is served already.
    const before = fake.requests.length;
    const again = await deliverAll(
      jobs.filter((j) => j.target !== deleted),
      { store, papers, sinks: [discord.sink], logger, now: () => NOW },
    );
    expect(again.map((r) => r.outcome)).toEqual(again.map(() => 'already_delivered'));
    expect(fake.requests.length).toBe(before);
  });
});
