import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nonceFor } from '../../adapters/discord/sink.js';
import type { Target } from '../../src/caller.js';
import { deliverOne, type FanoutDeps } from '../../src/digest/fanout.js';
import { DeliveryError, type DigestHeader } from '../../src/digest/sink.js';
import type { PaperCard } from '../../src/reply.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { chatInput, FAKE_CHANNEL_ID, FAKE_GUILD_ID, PERMS } from '../fakes/discord/payloads.js';
import { expectValidMessage } from './expect-message.js';
import { callbackOf, startHarness, type Harness } from './harness.js';

const mod = { id: '900000000000000740', username: 'mod' };

const channel = (id = FAKE_CHANNEL_ID): Target => ({
  platform: 'discord',
  workspaceId: FAKE_GUILD_ID,
  kind: 'channel',
  id,
});
const person = (id: string): Target => ({ platform: 'discord', workspaceId: FAKE_GUILD_ID, kind: 'user', id });
const header: DigestHeader = {
  listDate: '2026-08-21',
  title: 'Daily Papers · Fri 21 Aug 2026 · 17 papers, top 3',
  threadName: 'Daily Papers · Fri 21 Aug 2026',
};
const card = (rank: number): PaperCard => ({
  rank,
  id: `2608.0000${rank}`,
  title: `Paper ${rank} @everyone`,
  hfUrl: `https://huggingface.co/papers/2608.0000${rank}`,
  arxivUrl: `https://arxiv.org/abs/2608.0000${rank}`,
  upvotes: 10 * rank,
  authors: 'A, B',
  blurb: 'A blurb.',
});

let channelSeq = 0;
/** A fresh channel id per test, so the fake's per-channel records do not mix. */
const freshChannel = () => `9000000000000003${String(++channelSeq).padStart(2, '0')}`;

describe('DiscordDigestSink against the fake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.requests.length = 0;
  });

  it('posts a parent, starts a thread on it (name ≤ 100) and one embed per paper inside', async () => {
    const id = freshChannel();
    const sink = h.discord.sink;
    const parent = await sink.postParent(channel(id), { ...header, threadName: 'x'.repeat(140) }, 'k:parent');
    for (const r of [1, 2, 3]) await sink.postPaper(channel(id), parent, card(r), `k:${r}`);

    const [post, thread, ...papers] = h.fake.requests;
    expect(post).toMatchObject({ method: 'POST', path: `/channels/${id}/messages` });
    expect(post!.body).toMatchObject({ nonce: nonceFor('k:parent'), enforce_nonce: true });
    expectValidMessage(post!.body);
    expect(post!.body.embeds[0].title).toBe(header.title);
    expect(thread).toMatchObject({ method: 'POST', path: `/channels/${id}/messages/${parent.parentId}/threads` });
    expect(thread!.body.name).toHaveLength(100);
    expect(parent.threadId).toBe(parent.parentId);
    expect(papers.map((p) => p.path)).toEqual([1, 2, 3].map(() => `/channels/${parent.threadId}/messages`));
    for (const p of papers) {
      expectValidMessage(p.body);
      expect(p.body.embeds).toHaveLength(1);
      expect(p.body.enforce_nonce).toBe(true);
    }
    expect(h.fake.channels.get(id)).toHaveLength(1);
    expect(h.fake.channels.get(parent.threadId)!.map((m) => m.body.embeds[0].title)).toEqual([
      '1. Paper 1 @\u200beveryone',
      '2. Paper 2 @\u200beveryone',
      '3. Paper 3 @\u200beveryone',
    ]);
  });

  it('sends DM digests as a message series in the DM channel, opening it once', async () => {
    const sink = h.discord.sink;
    const who = person('900000000000000731');
    const parent = await sink.postParent(who, header, 'dm:parent');
    await sink.postPaper(who, parent, card(1), 'dm:1');
    await sink.postPaper(who, parent, card(2), 'dm:2');
    await sink.postParent(who, { ...header, listDate: '2026-08-24' }, 'dm2:parent');
    const opens = h.fake.requests.filter((r) => r.path === '/users/@me/channels');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.body).toEqual({ recipient_id: '900000000000000731' });
    expect(h.fake.requests.some((r) => r.path.endsWith('/threads'))).toBe(false);
    expect(h.fake.channels.get(parent.threadId)).toHaveLength(4);
  });

  it('survives a 429 with Retry-After: waits, retries, posts exactly once', async () => {
    const id = freshChannel();
    const sink = h.discord.sink;
    const parent = await sink.postParent(channel(id), header, 'rl:parent');
    h.fake.fail({
      method: 'POST',
      path: new RegExp(`^/channels/${parent.threadId}/messages$`),
      status: 429,
      retryAfter: 0.2,
    });
    const started = performance.now();
    await sink.postPaper(channel(id), parent, card(1), 'rl:1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    const tries = h.fake.requests.filter((r) => r.path === `/channels/${parent.threadId}/messages`);
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect(h.fake.channels.get(parent.threadId)).toHaveLength(1);
  });

  it('hands a long rate limit back to the fan-out as rate_limited instead of sleeping through it', async () => {
    const id = freshChannel();
    h.fake.fail({ path: new RegExp(`^/channels/${id}/messages$`), status: 429, retryAfter: 120 });
    const started = performance.now();
    const error = await h.discord.sink.postParent(channel(id), header, 'long:parent').catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe('rate_limited');
    expect((error as DeliveryError).retryAfterMs).toBeGreaterThanOrEqual(120_000);
    expect(h.fake.channels.get(id)).toBeUndefined();
  });

  it('cannot duplicate when Discord posted but the answer was lost (nonce dedupe on the retry)', async () => {
    const id = freshChannel();
    const sink = h.discord.sink;
    h.fake.fail({ method: 'POST', path: new RegExp(`^/channels/${id}/messages$`), status: 500, afterEffect: true });
    const parent = await sink.postParent(channel(id), header, 'lost:parent');
    // The REST client retried the 500; the same nonce got the same message back.
    expect(h.fake.requests.filter((r) => r.path === `/channels/${id}/messages`).map((r) => r.status)).toEqual([
      500, 200,
    ]);
    expect(h.fake.channels.get(id)).toHaveLength(1);
    // And a retry by the fan-out after a crash-in-doubt lands on the same parent too.
    const again = await sink.postParent(channel(id), header, 'lost:parent');
    expect(again).toEqual(parent);
    expect(h.fake.channels.get(id)).toHaveLength(1);
  });

  it.each([
    [50001, 'Missing Access', 'gone'],
    [10003, 'Unknown Channel', 'gone'],
    [50013, 'Missing Permissions', 'gone'],
  ])('maps %i (%s) to %s', async (code, _name, kind) => {
    const id = freshChannel();
    h.fake.fail({ path: new RegExp(`^/channels/${id}/`), status: code === 10003 ? 404 : 403, code });
    const error = await h.discord.sink.postParent(channel(id), header, `err:${code}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).kind).toBe(kind);
  });

  it('maps Missing Permissions on the thread to gone', async () => {
    const id = freshChannel();
    h.fake.fail({ path: /\/threads$/, status: 403, code: 50013 });
    const error = await h.discord.sink.postParent(channel(id), header, 'thread:perm').catch((e: unknown) => e);
    expect((error as DeliveryError).kind).toBe('gone');
  });

  it('maps repeated server errors to transient', async () => {
    const id = freshChannel();
    h.fake.fail({ path: new RegExp(`^/channels/${id}/`), status: 502, times: 10 });
    const error = await h.discord.sink.postParent(channel(id), header, 'err:502').catch((e: unknown) => e);
    expect((error as DeliveryError).kind).toBe('transient');
  });
});

describe('a digest through the fan-out and the Discord sink', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates one parent + thread with one message per paper, and never a second time', async () => {
    const source = new SampleSource();
    const listDate = source.dates.at(-2)!;
    const deps: FanoutDeps = {
      store: h.store,
      papers: source,
      sinks: [h.discord.sink],
      logger: h.logger,
      now: () => new Date(`${listDate}T12:00:00Z`),
      sleep: async () => {},
    };
    const target = channel(freshChannel());
    const job = { target, listDate, settings: { top: 5, minUpvotes: 0 } };
    const report = await deliverOne(job, deps);
    expect(report).toMatchObject({ outcome: 'delivered', total: 5, posted: 5 });
    expect(h.fake.channels.get(target.id)).toHaveLength(1);
    const parentId = h.fake.channels.get(target.id)![0]!.id;
    expect(h.fake.channels.get(parentId)).toHaveLength(5);
    expect((await deliverOne(job, deps)).outcome).toBe('already_delivered');
    expect(h.fake.channels.get(parentId)).toHaveLength(5);
  });
});

describe('/papers digest now through Discord', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ digest: true, deferAfterMs: 2000 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('posts the channel digest as a thread when a channel manager asks, and says so privately', async () => {
    const ask = chatInput(
      'papers-channel',
      'digest',
      [
        { name: 'action', type: 3, value: 'now' },
        { name: 'top', type: 4, value: 3 },
      ],
      { user: mod, permissions: PERMS.channelManager },
    );
    h.fake.interact(ask);
    const cb = await callbackOf(h.fake, ask);
    // Private either way: a direct ephemeral reply, or an ephemeral defer then the edit.
    expect(cb.body.data.flags).toBe(64);
    const final =
      cb.body.type === 4
        ? cb.body.data
        : (await h.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(ask.token))).body;
    expect(final.embeds[0].title).toMatch(/^Posted the .* digest to this channel$/);
    const parents = h.fake.channels.get(FAKE_CHANNEL_ID)!.filter((m) => m.thread);
    expect(parents).toHaveLength(1);
    expect(parents[0]!.body.embeds[0].title).toMatch(/^Daily Papers · .*top 3$/);
    expect(h.fake.channels.get(parents[0]!.thread!.id)).toHaveLength(3);
  });

  it("sends a member's own digest to their DMs as a message series", async () => {
    const ask = chatInput(
      'papers',
      'digest',
      [
        { name: 'action', type: 3, value: 'now' },
        { name: 'top', type: 4, value: 2 },
      ],
      { user: { id: '900000000000000741', username: 'eve' }, permissions: PERMS.member },
    );
    h.fake.interact(ask);
    const cb = await callbackOf(h.fake, ask);
    const final =
      cb.body.type === 4
        ? cb.body.data
        : (await h.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(ask.token))).body;
    expect(final.embeds[0].title).toMatch(/^Posted the .* digest to your direct messages$/);
    const dm = h.fake.dmChannelOf('900000000000000741')!;
    // Parent + 2 papers, in order, with no thread.
    expect(h.fake.channels.get(dm)!.map((m) => m.body.embeds[0].title)).toEqual([
      expect.stringMatching(/^Daily Papers · .*top 2$/),
      expect.stringMatching(/^1\. /),
      expect.stringMatching(/^2\. /),
    ]);
    expect(h.fake.channels.get(dm)!.some((m) => m.thread)).toBe(false);
  });
});
