import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { deliverOne } from '../../src/digest/fanout.js';
import { DeliveryError } from '../../src/digest/sink.js';
import { toCard } from '../../src/papers/cards.js';
import { FIXTURE_DAY, fixturePapers, startHarness, type Harness } from './harness.js';

/**
 * The Slack DigestSink of the running adapter, posting to the loopback Web API: a
 * parent, then threaded replies with the parent's ts; DMs via conversations.open;
 * Slack's errors mapped to DeliveryError kinds; 429s waited out without a second post.
 */
const channel: Target = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'channel', id: 'C0DIGEST' };
const person: Target = { platform: 'slack', workspaceId: 'T0PAPERBOY', kind: 'user', id: 'U0ALICE' };
const header = {
  listDate: FIXTURE_DAY,
  title: 'Daily Papers · Wed 22 Jul 2026 · 21 papers, top 3',
  threadName: 'Daily Papers 2026-07-22',
};
const cards = fixturePapers()
  .slice(0, 3)
  .map((p, i) => toCard(p, i + 1));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deps: { maxRateLimitWaitMs: 2000 } });
});
afterAll(async () => {
  await h?.close();
});

const posts = (channelId: string) => h.fake.messages.filter((m) => m.channel === channelId);

describe('Slack digest sink', () => {
  it('posts a parent, then each paper as a reply in its thread (ts from the postMessage answer)', async () => {
    const { sink } = h.slack;
    expect(sink.platform).toBe('slack');
    const parent = await sink.postParent(channel, header, 'k-parent');
    for (const [i, card] of cards.entries()) {
      const { messageId } = await sink.postPaper(channel, parent, card, `k-${i}`);
      expect(messageId).toMatch(/^\d+\.\d+$/);
    }
    const [first, ...replies] = posts('C0DIGEST');
    expect(first!.ts).toBe(parent.parentId);
    expect(parent.threadId).toBe(parent.parentId);
    expect(first!.thread_ts).toBeUndefined();
    expect(first!.blocks).toMatchObject([{ type: 'header', text: { text: header.title } }]);
    expect(replies.map((r) => r.thread_ts)).toEqual(cards.map(() => parent.parentId));
    expect(replies.map((r) => r.text)).toEqual(cards.map((c) => expect.stringContaining(c.title.slice(0, 30))));
    // The bot token went in the Authorization header, never read back from history.
    expect(h.fake.calls.some((c) => c.method.startsWith('conversations.history'))).toBe(false);
    expect(h.fake.callsTo('chat.postMessage').every((c) => c.token?.startsWith('xoxb-'))).toBe(true);
  });

  it('delivers a whole digest through the fan-out and the ledger as one thread', async () => {
    const target: Target = { ...channel, id: 'C0FANOUT' };
    const report = await deliverOne(
      { target, listDate: FIXTURE_DAY, settings: { top: 4, minUpvotes: 0 } },
      {
        store: h.services.store,
        papers: h.services.papers,
        sinks: [h.slack.sink],
        logger: h.logger,
        now: () => new Date(`${FIXTURE_DAY}T23:00:00Z`),
      },
    );
    expect(report).toMatchObject({ outcome: 'delivered', total: 4, posted: 4 });
    const [parent, ...replies] = posts('C0FANOUT');
    expect(replies).toHaveLength(4);
    expect(new Set(replies.map((r) => r.thread_ts))).toEqual(new Set([parent!.ts]));
  });

  it('opens the DM with conversations.open and threads there', async () => {
    const parent = await h.slack.sink.postParent(person, header, 'dm-parent');
    await h.slack.sink.postPaper(person, parent, cards[0]!, 'dm-0');
    expect(h.fake.callsTo('conversations.open').at(-1)!.args.users).toBe('U0ALICE');
    const dm = posts('D0ALICE');
    expect(dm).toHaveLength(2);
    expect(dm[1]!.thread_ts).toBe(dm[0]!.ts);
  });

  for (const code of ['not_in_channel', 'channel_not_found', 'is_archived']) {
    it(`reports ${code} as a gone target`, async () => {
      const target: Target = { ...channel, id: `C0${code.toUpperCase().replace(/_/g, '')}` };
      h.fake.channelErrors.set(target.id, code);
      const err = await h.slack.sink.postParent(target, header, 'gone').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ kind: 'gone' });
      expect((err as Error).message).toContain(code);
      expect(posts(target.id)).toEqual([]);
    });
  }

  it('reports other Slack refusals as transient', async () => {
    h.fake.failNext('chat.postMessage', { error: 'internal_error' });
    await expect(h.slack.sink.postParent(channel, header, 'x')).rejects.toMatchObject({ kind: 'transient' });
  });

  it('survives a 429 with Retry-After: waits, posts again, and the paper appears exactly once', async () => {
    const parent = await h.slack.sink.postParent({ ...channel, id: 'C0LIMIT' }, header, 'limit-parent');
    h.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    await h.slack.sink.postPaper({ ...channel, id: 'C0LIMIT' }, parent, cards[0]!, 'limit-0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900); // it honoured Retry-After
    const attempts = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0LIMIT');
    expect(attempts.map((c) => c.status)).toEqual([200, 429, 200]);
    const replies = posts('C0LIMIT').filter((m) => m.thread_ts === parent.threadId);
    expect(replies).toHaveLength(1);
  });

  it('hands a long Retry-After back to the fan-out as rate_limited, having posted nothing', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 30 });
    const err = await h.slack.sink.postParent({ ...channel, id: 'C0SLOW' }, header, 'slow').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(posts('C0SLOW')).toEqual([]);
  });

  it('lets the fan-out wait out a long Retry-After and finish the thread with no duplicate', async () => {
    const target: Target = { ...channel, id: 'C0FANLIMIT' };
    const waited: number[] = [];
    h.fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 45 });
    const report = await deliverOne(
      { target, listDate: FIXTURE_DAY, settings: { top: 3, minUpvotes: 0 } },
      {
        store: h.services.store,
        papers: h.services.papers,
        sinks: [h.slack.sink],
        logger: h.logger,
        now: () => new Date(`${FIXTURE_DAY}T23:00:00Z`),
        sleep: async (ms) => {
          waited.push(ms);
        },
      },
    );
    expect(report).toMatchObject({ outcome: 'delivered', total: 3, posted: 3 });
    expect(waited).toContain(45_000);
    const [parent, ...replies] = posts('C0FANLIMIT');
    expect(replies).toHaveLength(3);
    expect(new Set(replies.map((r) => r.text)).size).toBe(3);
    expect(replies.every((r) => r.thread_ts === parent!.ts)).toBe(true);
  });

  it('posts again without the thumbnail when Slack rejects the blocks', async () => {
    h.fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    await h.slack.sink.postParent({ ...channel, id: 'C0IMG' }, header, 'img-parent').catch(() => undefined);
    h.fake.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const parent = { parentId: '1.1', threadId: '1.1' };
    await h.slack.sink.postPaper({ ...channel, id: 'C0IMG' }, parent, cards[0]!, 'img-0');
    const [posted] = posts('C0IMG').filter((m) => m.thread_ts === '1.1');
    expect(JSON.stringify(posted!.blocks)).not.toContain('"accessory"');
  });
});
