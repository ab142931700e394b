import { createServices } from '../../src/services.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { deliverAll, type DeliveryJob } from '../../src/digest/fanout.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FAKE_TEAM_ID } from '../fakes/slack/fake-slack-api.js';
import { startSlackStack, type SlackStack } from '../reliability/stacks.js';

// A digest to 300 Slack channels through the real fan-out and the real Slack sink on
// the WebClient, with 429s (Retry-After) from the fake Web API and a channel the app was
// removed from. Every other channel ends with exactly one parent and `top` replies in
// its thread (thread_ts = the parent's ts); the removed one is disabled; a second run
// posts nothing.
const CHANNELS = 300;
const TOP = 2;
const LIST = '2026-08-21';
const NOW = new Date('2026-08-22T09:00:00Z');

let stack: SlackStack;
const store = new MemoryStore();
const logger = new MemoryLogger();
const papers = new SampleSource();

beforeAll(async () => {
  stack = await startSlackStack(createServices({ papers, store, logger, now: () => NOW }));
});
afterAll(async () => {
  await stack.close();
});

describe(`digest fan-out to ${CHANNELS} Slack channels under 429s`, () => {
  it('posts every digest exactly once into its own thread, disables the removed channel', async () => {
    const { fake, slack } = stack;
    const targets: Target[] = Array.from({ length: CHANNELS }, (_, i) => ({
      platform: 'slack',
      workspaceId: FAKE_TEAM_ID,
      kind: 'channel',
      id: `C0SOAK${String(i).padStart(4, '0')}`,
    }));
    const removed = targets[42]!;
    fake.channelErrors.set(removed.id, 'not_in_channel');
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 4);

    const jobs: DeliveryJob[] = targets.map((target) => ({
      target,
      listDate: LIST,
      settings: { top: TOP, minUpvotes: 0 },
    }));
    const reports = await deliverAll(jobs, { store, papers, sinks: [slack.sink], logger, now: () => NOW });

    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(4);
    expect(reports.find((r) => r.target.id === removed.id)?.outcome).toBe('gone');
    expect(reports.filter((r) => r.outcome === 'delivered')).toHaveLength(CHANNELS - 1);
    for (const t of targets) {
      const inChannel = fake.messages.filter((m) => m.channel === t.id);
      if (t === removed) {
        expect(inChannel).toHaveLength(0);
        continue;
      }
      const parents = inChannel.filter((m) => !m.thread_ts);
      expect(parents, t.id).toHaveLength(1);
      const replies = inChannel.filter((m) => m.thread_ts);
      expect(
        replies.map((m) => m.thread_ts),
        t.id,
      ).toEqual(Array(TOP).fill(parents[0]!.ts));
      for (const m of inChannel) expect(typeof m.text, t.id).toBe('string');
    }
    const before = fake.calls.length;
    const again = await deliverAll(
      jobs.filter((j) => j.target !== removed),
      { store, papers, sinks: [slack.sink], logger, now: () => NOW },
    );
    expect(again.map((r) => r.outcome)).toEqual(again.map(() => 'already_delivered'));
    expect(fake.calls.length).toBe(before);
  });
});
