import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp } from '../core/helpers.js';
import { terminalCaller } from '../../adapters/terminal/index.js';
import { PaperboyError } from '../../src/errors.js';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { sortPapers } from '../../src/papers/query.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { parseItems } from '../../src/papers/schemas.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeHf, FIXTURE_DIR } from './fake-hf.js';
import { fixedSource, fixturePapers } from '../slack/harness.js';
import { trendingOrder, type TrendingItem } from './trending-order.js';

/**
 * Hugging Face's trending order (`sort=trending`), end to end: the client asks for it,
 * the cache keeps it apart from the default order, the sample says it cannot, and the
 * commands keep Hugging Face's order instead of re-sorting by upvotes.
 */
const MIN = 60_000;
const FIXTURE = JSON.parse(
  readFileSync(`${FIXTURE_DIR}daily_papers-trending-2026-08-21.json`, 'utf8'),
) as TrendingItem[];
const fixtureIds = FIXTURE.map((i) => i.paper.id);

let hf: FakeHf;
let logger: MemoryLogger;
let now: number;
beforeEach(async () => {
  hf = await new FakeHf().start();
  hf.setTrending(FIXTURE);
  logger = new MemoryLogger();
  now = Date.parse('2026-08-24T12:00:00Z'); // a Monday after the sample: every sample day has closed
});
afterEach(async () => {
  await hf.stop();
});

const client = () => new HfClient({ baseUrl: hf.url, logger, sleep: async () => {}, now: () => now });
const cached = (ttl = 10 * MIN) => new CachedSource({ api: client(), logger, now: () => now, openDayTtlMs: ttl });
/** The fake's trending order of one day (as of the next midnight), as Hugging Face would send it. */
const hfOrder = (date: string, next: string) =>
  trendingOrder(hf.day(date), new Date(`${next}T00:00:00Z`)).map((i) => i.paper.id);
const trendingRequests = () => hf.requests.filter((r) => r.query.get('sort') === 'trending');

describe('the trending fixture', () => {
  it('is 30 real recorded items that all pass the schema, in an order that is not upvotes', () => {
    const items = parseItems(FIXTURE, 'fixture', logger);
    expect(items).toHaveLength(30);
    expect(logger.entries.filter((e) => e.level === 'warn')).toEqual([]);
    const byUpvotes = [...FIXTURE].sort((a, b) => b.paper.upvotes - a.paper.upvotes).map((i) => i.paper.id);
    expect(fixtureIds).not.toEqual(byUpvotes);
  });
});

describe('HfClient and sort=trending', () => {
  it('asks for a day in trending order and keeps that order', async () => {
    const papers = await client().daily({ date: '2026-08-21' }, { sort: 'trending' });
    expect(papers.map((p) => p.id)).toEqual(hfOrder('2026-08-21', '2026-08-22'));
    const sent = trendingRequests()[0]!;
    expect(Object.fromEntries(sent.query)).toMatchObject({ date: '2026-08-21', sort: 'trending' });
  });

  it('asks for the trending feed once, without a date, and keeps its order', async () => {
    const papers = await client().trending();
    expect(papers.map((p) => p.id)).toEqual(fixtureIds);
    expect(hf.requests).toHaveLength(1);
    expect(Object.fromEntries(hf.requests[0]!.query)).toEqual({ sort: 'trending', limit: '100' });
  });
});

describe('CachedSource and sort=trending', () => {
  it('caches each order under its own key', async () => {
    const s = cached();
    const plain = await s.day('2026-08-20');
    const trending = await s.day('2026-08-20', { sort: 'trending' });
    expect(trending.value.map((p) => p.id)).toEqual(hfOrder('2026-08-20', '2026-08-21'));
    expect(plain.value.map((p) => p.id)).not.toEqual(trending.value.map((p) => p.id));
    await s.day('2026-08-20');
    await s.day('2026-08-20', { sort: 'trending' });
    expect(hf.count('/api/daily_papers', ['date', '2026-08-20'])).toBe(2);
    expect(trendingRequests()).toHaveLength(1);
  });

  it('refreshes a closed day in trending order after the TTL (the order keeps moving); the default order stays', async () => {
    const s = cached(10 * MIN);
    await s.day('2026-08-20');
    await s.day('2026-08-20', { sort: 'trending' });
    await s.trending();
    now += 11 * MIN;
    await s.day('2026-08-20');
    await s.day('2026-08-20', { sort: 'trending' });
    await s.trending();
    expect(hf.count('/api/daily_papers', ['date', '2026-08-20'])).toBe(3);
    expect(trendingRequests()).toHaveLength(4);
  });

  it('weeks and months come in trending order too', async () => {
    const s = cached();
    const week = await s.week('2026-W34', { sort: 'trending' });
    const expected = trendingOrder(
      ['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21'].flatMap((d) => hf.day(d)),
      new Date('2026-08-22T00:00:00Z'),
    ).map((i) => i.paper.id);
    expect(week.value.map((p) => p.id)).toEqual(expected);
    // One request per page of 100, all in trending order.
    expect(hf.count('/api/daily_papers', ['sort', 'trending'])).toBe(Math.ceil(expected.length / 100));
  });
});

describe('SampleSource and trending', () => {
  const expectNeedsLiveFeed = async (p: Promise<unknown>, what: RegExp) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PaperboyError);
    expect((err as PaperboyError).code).toBe('bad_input');
    expect((err as PaperboyError).message).toMatch(/needs the live Hugging Face feed/);
    expect((err as PaperboyError).message).toMatch(what);
  };

  it('refuses a trending order it never recorded, saying what would work', async () => {
    const s = new SampleSource();
    await expectNeedsLiveFeed(s.day('2026-08-21', { sort: 'trending' }), /sort=top/);
    await expectNeedsLiveFeed(s.week('2026-W34', { sort: 'trending' }), /without --source sample/);
    await expectNeedsLiveFeed(s.month('2026-08', { sort: 'trending' }), /sort=new/);
    await expectNeedsLiveFeed(s.trending(), /\/papers today/);
  });

  it('serves a recorded trending list in its recorded order', async () => {
    const s = new SampleSource({ dir: FIXTURE_DIR });
    expect((await s.trending()).value.map((p) => p.id)).toEqual(fixtureIds);
  });
});

describe('trending in the commands', () => {
  const bot = () => testApp({ papers: cached(), store: new MemoryStore(), logger, now: () => new Date(now) }).bot;
  const ids = (r: { cards?: { id: string }[] }) => (r.cards ?? []).map((c) => c.id);

  it('`trending` shows Hugging Face’s list in its order, 10 a page', async () => {
    const b = bot();
    const first = await b.handle({ caller: terminalCaller(), text: 'trending' });
    expect(first.title).toBe('Trending on Hugging Face');
    expect(ids(first)).toEqual(fixtureIds.slice(0, 10));
    expect(first.paging).toMatchObject({ page: 1, pages: 3, total: 30, command: 'trending' });
    const third = await b.handle({ caller: terminalCaller(), text: 'trending page=3' });
    expect(ids(third)).toEqual(fixtureIds.slice(20, 30));
  });

  it('top=N takes the first N trending, and min_upvotes filters without re-sorting', async () => {
    const b = bot();
    expect(ids(await b.handle({ caller: terminalCaller(), text: 'trending top=5' }))).toEqual(fixtureIds.slice(0, 5));
    const atLeast50 = FIXTURE.filter((i) => i.paper.upvotes >= 50).map((i) => i.paper.id);
    expect(ids(await b.handle({ caller: terminalCaller(), text: 'trending min_upvotes=50' }))).toEqual(
      atLeast50.slice(0, 10),
    );
  });

  it('`date … sort=trending` keeps Hugging Face’s order, which is not the upvote order', async () => {
    const r = await bot().handle({ caller: terminalCaller(), text: 'date 2026-08-20 sort=trending top=8' });
    const expected = hfOrder('2026-08-20', '2026-08-21').slice(0, 8);
    expect(ids(r)).toEqual(expected);
    expect(r.title).toMatch(/· trending$/);
    const papers = (await cached().day('2026-08-20')).value;
    expect(expected).not.toEqual(
      sortPapers(papers, 'top')
        .slice(0, 8)
        .map((p) => p.id),
    );
  });

  it('`trending` over a source without a trending list says what to do instead', async () => {
    const b = testApp({
      papers: fixedSource(fixturePapers()),
      store: new MemoryStore(),
      logger,
      now: () => new Date(now),
    }).bot;
    const r = await b.handle({ caller: terminalCaller(), text: 'trending' });
    expect(r.error?.message).toMatch(/no trending list\. Try `\/papers today sort=top`/);
  });
});
