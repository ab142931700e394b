import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaperboyError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource, type CachedSourceOptions } from '../../src/papers/cached-source.js';
import { HfClient, type PapersApi } from '../../src/papers/hf-client.js';
import type { Paper } from '../../src/papers/paper.js';
import { FakeHf } from './fake-hf.js';

const MIN = 60_000;
let hf: FakeHf;
let logger: MemoryLogger;
let now: number;

beforeEach(async () => {
  hf = await new FakeHf().start();
  logger = new MemoryLogger();
  now = Date.parse('2026-08-21T12:00:00Z'); // Friday: 2026-08-21 is the open day
});
afterEach(async () => {
  await hf.stop();
});

const source = (over: Partial<CachedSourceOptions> = {}) =>
  new CachedSource({
    api: new HfClient({ baseUrl: hf.url, logger, sleep: async () => {}, now: () => now }),
    logger,
    now: () => now,
    ...over,
  });
const days = () => hf.count('/api/daily_papers');
const failNext = () => hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 502 })));
const bumpUpvotes = (date: string, by: number) =>
  hf.setDay(
    date,
    hf.day(date).map((i) => ({ ...i, paper: { ...i.paper, upvotes: i.paper.upvotes + by } })),
  );

describe('CachedSource', () => {
  it('coalesces concurrent requests for one key into one upstream request', async () => {
    const s = source();
    const results = await Promise.all(Array.from({ length: 10 }, () => s.day('2026-08-20')));
    expect(hf.count('/api/daily_papers', ['date', '2026-08-20'])).toBe(1);
    for (const r of results) expect(r.value).toEqual(results[0]!.value);
    await s.day('2026-08-20');
    expect(days()).toBe(1);
  });

  it('coalesces searches and paper look-ups too', async () => {
    const s = source();
    await Promise.all([s.search('EnvHarness'), s.search('envharness'), s.search('  EnvHarness ')]);
    await Promise.all([s.paper('2608.19880'), s.paper('2608.19880v1')]);
    expect(hf.count('/api/papers/search')).toBe(1);
    expect(hf.count('/api/papers/2608.19880')).toBe(1);
  });

  it('refreshes the open day after the TTL, not before', async () => {
    const s = source({ openDayTtlMs: 10 * MIN });
    const first = await s.day('2026-08-21');
    bumpUpvotes('2026-08-21', 5);
    now += 9 * MIN;
    expect((await s.day('2026-08-21')).value[0]!.upvotes).toBe(163);
    expect(days()).toBe(1);
    now += 2 * MIN;
    const second = await s.day('2026-08-21');
    expect(days()).toBe(2);
    expect(second.value[0]!.upvotes).toBe(168);
    expect(second.fetchedAt).toBeGreaterThan(first.fetchedAt);
  });

  it('never refetches a closed day', async () => {
    const s = source();
    await s.day('2026-08-20');
    now += 365 * 24 * 60 * MIN;
    await s.day('2026-08-20');
    expect(days()).toBe(1);
  });

  it('keeps a day once it has been refetched after closing', async () => {
    const s = source();
    await s.day('2026-08-21'); // open: fetched at Friday noon
    now = Date.parse('2026-08-22T01:31:00Z'); // closed now, and past the TTL
    await s.day('2026-08-21');
    now += 30 * 24 * 60 * MIN;
    await s.day('2026-08-21');
    expect(days()).toBe(2);
  });

  it('treats a week or month containing the open day as open, and earlier ones as closed', async () => {
    const s = source();
    await s.week('2026-W34');
    await s.month('2026-08');
    await s.week('2026-W33');
    const before = days();
    now += 11 * MIN;
    await s.week('2026-W34');
    await s.month('2026-08');
    await s.week('2026-W33');
    expect(hf.count('/api/daily_papers', ['week', '2026-W34'])).toBe(4); // 2 pages, twice
    expect(hf.count('/api/daily_papers', ['month', '2026-08'])).toBe(8); // 4 pages, twice
    expect(hf.count('/api/daily_papers', ['week', '2026-W33'])).toBe(2); // 104 items: 2 pages, once
    expect(days()).toBe(before + 6);
  });

  it('serves a stale copy with its age when Hugging Face fails', async () => {
    const s = source();
    const fresh = await s.day('2026-08-21');
    now += 25 * MIN;
    failNext();
    const stale = await s.day('2026-08-21');
    expect(stale.value).toEqual(fresh.value);
    expect(stale.fetchedAt).toBe(fresh.fetchedAt);
    expect(stale.stale?.ageMs).toBe(25 * MIN);
    expect(stale.stale?.reason).toMatch(/Hugging Face isn't answering/);
    expect(logger.entries.some((e) => e.level === 'warn' && /cached copy/.test(e.msg))).toBe(true);
    // Within the outage cool-down nothing is asked upstream; after it, the copy is fresh again.
    const asked = days();
    expect((await s.day('2026-08-21')).stale?.ageMs).toBe(25 * MIN);
    expect(days()).toBe(asked);
    now += 31_000;
    const again = await s.day('2026-08-21');
    expect(again.stale).toBeUndefined();
    expect(days()).toBe(asked + 1);
  });

  it('after an outage, fails fast for 30 s without asking Hugging Face, then asks again', async () => {
    const s = source();
    await s.day('2026-08-20'); // cached
    failNext();
    await expect(s.day('2026-08-21')).rejects.toMatchObject({ code: 'upstream_unavailable' });
    const asked = hf.requests.length;
    // a burst of commands during the outage: uncached keys fail fast, cached ones are stale
    const burst = await Promise.allSettled([
      s.day('2026-08-19'),
      s.search('agents'),
      s.paper('2608.19880'),
      s.day('2026-08-21'),
    ]);
    expect(
      burst.every((r) => r.status === 'rejected' && (r.reason as PaperboyError).code === 'upstream_unavailable'),
    ).toBe(true);
    expect((await s.day('2026-08-20')).value).toHaveLength(15); // closed day: still served, not stale
    expect(hf.requests.length).toBe(asked);
    now += 31_000;
    expect((await s.day('2026-08-21')).value).toHaveLength(17);
    expect(hf.requests.length).toBe(asked + 1);
  });

  it('throws the upstream error when nothing is cached, and tries again next time', async () => {
    const s = source();
    failNext();
    const results = await Promise.allSettled([s.day('2026-08-21'), s.day('2026-08-21')]);
    expect(hf.count('/api/daily_papers')).toBe(4); // the two callers shared one (retried) fetch
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as PaperboyError;
      expect(err).toBeInstanceOf(PaperboyError);
      expect(err.code).toBe('upstream_unavailable');
    }
    now += 31_000; // past the outage cool-down
    expect((await s.day('2026-08-21')).value).toHaveLength(17);
  });

  it('answers future dates, weeks and months without a request', async () => {
    const s = source();
    expect((await s.day('2026-08-24')).value).toEqual([]);
    expect((await s.week('2026-W40')).value).toEqual([]);
    expect((await s.month('2026-09')).value).toEqual([]);
    expect(hf.requests).toHaveLength(0);
  });

  it('today() is the UTC date', () => {
    expect(source().today(new Date('2026-08-21T00:10:00Z'))).toBe('2026-08-21');
    expect(source().today(new Date('2026-08-20T23:50:00-02:00'))).toBe('2026-08-21');
  });

  it('bounds the cache with LRU eviction', async () => {
    const s = source({ maxEntries: 3 });
    await s.day('2026-08-17');
    await s.day('2026-08-18');
    await s.day('2026-08-19');
    await s.day('2026-08-17'); // touch: 08-18 is now the oldest
    await s.day('2026-08-20'); // evicts 08-18
    expect(s.size).toBe(3);
    await s.day('2026-08-17');
    await s.day('2026-08-18');
    expect(hf.count('/api/daily_papers', ['date', '2026-08-17'])).toBe(1);
    expect(hf.count('/api/daily_papers', ['date', '2026-08-18'])).toBe(2);
  });

  it('caches an unknown paper id within the TTL', async () => {
    const s = source();
    expect((await s.paper('2699.00001')).value).toBeUndefined();
    expect((await s.paper('2699.00001')).value).toBeUndefined();
    expect(hf.count('/api/papers/2699.00001')).toBe(1);
  });

  it('does not hide a bug behind a stale copy', async () => {
    let calls = 0;
    const api: PapersApi = {
      daily: async () => {
        calls++;
        if (calls > 1) throw new TypeError('a bug');
        return [] as Paper[];
      },
      search: async () => [],
      paper: async () => undefined,
    };
    const s = new CachedSource({ api, logger, now: () => now });
    await s.day('2026-08-21');
    now += 11 * MIN;
    await expect(s.day('2026-08-21')).rejects.toThrow(TypeError);
  });
});
