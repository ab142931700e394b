import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { planDeliveries } from '../../src/digest/planner.js';
import { createTicker } from '../../src/digest/tick.js';
import { MemoryLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { createServices } from '../../src/services.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { person } from '../core/helpers.js';
import { ListSource, channel, digestSchedule } from './helpers.js';

const HOUR = 3_600_000;
const general = channel('general');

/** Tick every `stepMs` from `from` to `to`, as the scheduler would (fewer ticks, same rule). */
async function runClock(
  from: string,
  to: string,
  stepMs: number,
  setup: (now: () => Date) => { tick(): Promise<unknown> },
) {
  let t = Date.parse(from);
  const ticker = setup(() => new Date(t));
  for (; t <= Date.parse(to); t += stepMs) await ticker.tick();
}

function world(schedule: Parameters<typeof digestSchedule>[1]) {
  const store = new MemoryStore();
  const papers = new ListSource();
  const sink = new MemoryDigestSink('terminal');
  const logger = new MemoryLogger();
  const start = async () => store.digests.put(digestSchedule(general, schedule));
  const ticker = (now: () => Date) => createTicker({ store, papers, sinks: [sink], logger, now });
  return { store, papers, sink, start, ticker };
}

describe('weekly digests', () => {
  it('post the top N of the previous ISO week once a week, on the chosen day, for four weeks', async () => {
    const w = world({
      days: 'weekly',
      weekday: 1,
      time: '09:00',
      timezone: 'Europe/Berlin',
      top: 5,
      createdAt: '2026-08-23T12:00:00.000Z',
    });
    await w.start();
    await runClock('2026-08-23T22:00:00Z', '2026-09-14T12:00:00Z', HOUR, w.ticker);
    expect(w.sink.threads.map((t) => t.header.title)).toEqual([
      'Weekly Papers · week 34 (17–23 Aug 2026) · 60 papers, top 5',
      'Weekly Papers · week 35 (24–30 Aug 2026) · 60 papers, top 5',
      // Intl's en-GB month abbreviation, as every date Paperboy prints
      'Weekly Papers · week 36 (31 Aug–6 Sept 2026) · 60 papers, top 5',
      'Weekly Papers · week 37 (7–13 Sept 2026) · 60 papers, top 5',
    ]);
    // The top 5 of all five weekday lists, by upvotes, not one day's.
    const firstWeek = w.sink.threads[0]!.cards;
    expect(firstWeek.map((c) => c.upvotes)).toEqual([21, 21, 21, 21, 21]);
    expect(new Set(firstWeek.map((c) => c.id.slice(5, 7)))).toEqual(new Set(['17', '18', '19', '20', '21']));
    expect(w.papers.weekCalls).toBeGreaterThanOrEqual(3);
    // One ledger row per week, keyed by the Sunday it ends on.
    expect((await w.store.deliveries.since(general, '2026-08-01')).map((r) => [r.listDate, r.state])).toEqual([
      ['2026-08-23+week', 'done'],
      ['2026-08-30+week', 'done'],
      ['2026-09-06+week', 'done'],
      ['2026-09-13+week', 'done'],
    ]);
  });

  it('arrive at local time on their weekday, across time zones', async () => {
    const w = world({
      days: 'weekly',
      weekday: 5,
      time: '17:30',
      timezone: 'America/New_York',
      createdAt: '2026-08-28T12:00:00.000Z',
    });
    await w.start();
    let t = Date.parse('2026-08-28T21:00:00Z'); // Fri 17:00 EDT
    const ticker = w.ticker(() => new Date(t));
    const seen: string[] = [];
    for (; t <= Date.parse('2026-08-29T03:00:00Z'); t += 60_000) {
      const before = w.sink.threads.length;
      await ticker.tick();
      if (w.sink.threads.length > before) seen.push(new Date(t).toISOString());
    }
    // Friday's own list closes at 01:30 UTC Saturday, so a Friday digest gets the week before.
    expect(seen).toEqual(['2026-08-28T21:30:00.000Z']);
    expect(w.sink.threads[0]!.header.title).toContain('week 34 (17–23 Aug 2026)');
  });

  it('catch up a missed slot late, but only the current week', async () => {
    const w = world({ days: 'weekly', weekday: 1, createdAt: '2026-08-01T00:00:00.000Z' });
    await w.start();
    // Down from Sunday 23 Aug to Wednesday 2 Sep: two Mondays missed.
    await runClock('2026-09-02T10:00:00Z', '2026-09-02T12:00:00Z', HOUR, w.ticker);
    expect(w.sink.threads.map((t) => t.header.listDate)).toEqual(['2026-08-30+week']);
    const plan = planDeliveries(new Date('2026-09-02T12:00:00Z'), [digestSchedule(general, { days: 'weekly' })], []);
    expect(plan.due.map((d) => d.listDate)).toEqual(['2026-08-30+week']);
    expect(plan.expired).toEqual([]);
  });

  it('are planned once per week even with the daily ledger around them', () => {
    const weekly = digestSchedule(general, { days: 'weekly', weekday: 3 });
    const rows = [
      {
        target: general,
        listDate: '2026-08-23+week',
        state: 'done' as const,
        paperIds: [],
        posted: [],
        createdAt: '',
        updatedAt: '',
        version: 1,
      },
    ];
    // Wednesday 26 Aug after 09:00 Berlin: week 34 is the current week and served.
    expect(planDeliveries(new Date('2026-08-26T08:00:00Z'), [weekly], rows).due).toEqual([]);
    // Before Wednesday's slot the current slot is Wed 19 Aug, owing week 33.
    expect(planDeliveries(new Date('2026-08-26T06:00:00Z'), [weekly], rows).due.map((d) => d.listDate)).toEqual([
      '2026-08-16+week',
    ]);
  });
});

describe('/papers digest days=weekly', () => {
  const NOW = new Date('2026-08-25T09:00:00Z'); // Tuesday
  function bot() {
    const store = new MemoryStore();
    const sink = new MemoryDigestSink('terminal');
    const services = createServices({
      papers: new ListSource(),
      store,
      logger: new MemoryLogger(),
      now: () => NOW,
      sinks: [sink],
    });
    const b = createBot(services, commands);
    const caller = person();
    const ask = (text: string): Promise<Reply> => b.handle({ caller, text });
    return { ask, store, sink };
  }
  const text = (r: Reply): string =>
    [r.title, r.error?.message, ...(r.lines ?? []), ...(r.notices ?? [])].filter(Boolean).join('\n');

  it('turns on a weekly digest on a chosen day and says when and what it posts', async () => {
    const { ask, store } = bot();
    const r = await ask('digest on days=weekly day=fri time=08:00');
    expect(r.error).toBeUndefined();
    expect(text(r)).toContain('Weekly digest on for your direct messages');
    expect(text(r)).toContain('every Friday at 08:00 Europe/Berlin: the top 10 papers of the past week');
    expect(text(r)).toContain('Next run: Fri 28 Aug 2026 08:00 Europe/Berlin (Fri 28 Aug 2026 06:00 UTC).');
    const stored = (await store.digests.list())[0]!;
    expect(stored).toMatchObject({ days: 'weekly', weekday: 5 });
    // Changing the time keeps the weekday; going daily drops it.
    await ask('digest on time=10:00');
    expect((await store.digests.list())[0]).toMatchObject({ days: 'weekly', weekday: 5, time: '10:00' });
    await ask('digest on days=daily');
    expect((await store.digests.list())[0]!.weekday).toBeUndefined();
  });

  it('refuses a weekday without a weekly cadence, and a day that is not a weekday, saying what works', async () => {
    const { ask, store } = bot();
    for (const bad of ['digest on day=fri', 'digest on days=daily day=mon']) {
      const r = await ask(bad);
      expect(r.error?.message).toMatch(/day= picks the weekday of a weekly digest.*days=weekly day=(fri|mon)/);
    }
    for (const day of ['funday', 'monday', 'MON', '1', 'mo', 'sun,mon']) {
      const r = await ask(`digest on days=weekly day=${day}`);
      expect(r.error, day).toBeDefined();
      expect(r.error!.message).toContain('mon, tue, wed, thu, fri, sat or sun');
    }
    expect((await ask('digest on days=fortnightly')).error!.message).toContain('"weekly"');
    expect(await store.digests.list()).toEqual([]);
  });

  it('now and status speak of the week', async () => {
    const { ask, sink } = bot();
    await ask('digest on days=weekly');
    const now = await ask('digest now');
    expect(text(now)).toBe(
      'Posted the week 34 (17–23 Aug 2026) digest to your direct messages\n10 papers in a thread.',
    );
    expect(sink.threads[0]!.header.title).toBe('Weekly Papers · week 34 (17–23 Aug 2026) · 60 papers, top 10');
    expect((await ask('digest now')).title).toBe(
      'The week 34 (17–23 Aug 2026) digest was already posted to your direct messages',
    );
    const status = text(await ask('digest status'));
    expect(status).toContain('Weekly digest for your direct messages');
    expect(status).toContain('Last delivery: the week 34 (17–23 Aug 2026) list — 10 papers posted.');
    expect(status).toContain('Next run: Mon 31 Aug 2026 09:00 Europe/Berlin');
    expect(sink.threads).toHaveLength(1);
  });
});
