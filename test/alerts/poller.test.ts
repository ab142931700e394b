import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALERT_POLL_INTERVAL_MS } from '../../src/alerts/settings.js';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeHf } from '../papers/fake-hf.js';
import { alertFor, DAY, instance, newPaper, place, postsOf, publish, runMinutes } from './helpers.js';

/**
 * Alerts end to end under fake time: the real scheduler tick, the real HTTP client and
 * cache against the loopback Hugging Face, the real stores. Only the clock is fake.
 */
let hf: FakeHf;
let dir: string;
const opened: Store[] = [];

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${DAY}T09:55:00Z`) });
  hf = await new FakeHf().start();
  dir = await mkdtemp(join(tmpdir(), 'paperboy-alerts-'));
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  vi.useRealTimers();
  await hf.stop();
  await rm(dir, { recursive: true, force: true });
});

const jsonStore = async (): Promise<Store> => {
  const s = await openJsonStore({ file: join(dir, 'paperboy.json'), logger: silentLogger });
  opened.push(s);
  return s;
};

describe('alerts as papers appear', () => {
  it('a paper that appears at 10:05 is alerted once by 10:20; at 50 upvotes a min_upvotes=50 alert fires then, once; a restart in between repeats nothing', async () => {
    const first = await jsonStore();
    const now = place('lab');
    const popular = place('popular');
    await first.alerts.add(alertFor('a-now', now, 'zyxwizard'), 10);
    await first.alerts.add(alertFor('a-50', popular, '"zyxwizard networks"', { minUpvotes: 50 }), 10);
    const paper = newPaper(hf, '2608.99001', 3);

    const before = instance(first, hf, 'before-restart');
    // Started at 09:58: its first poll fills the cache then, so the 10:05 poll still sees
    // the 09:58 list and the paper comes with the 10:10 poll (the cache's 10-minute TTL).
    await runMinutes([before], '09:58', '10:40', { '10:05': () => publish(hf, DAY, paper) });
    expect(postsOf(before.sink)).toEqual([['lab', '2608.99001', '10:10']]);
    const [post] = before.sink.singles;
    expect(post!.card.why).toBe('matched: zyxwizard (title, abstract, keywords)');
    const latencyMinutes = (Date.parse(post!.at) - Date.parse(`${DAY}T10:05:00Z`)) / 60_000;
    expect(latencyMinutes).toBeLessThanOrEqual(15);

    // A restart: a new process's cache, scheduler and sink (which remembers nothing), the same store.
    await first.close();
    const second = await jsonStore();
    const after = instance(second, hf, 'after-restart');
    await runMinutes([after], '10:41', '13:00', {
      '11:00': () => publish(hf, DAY, { ...paper, paper: { ...paper.paper, upvotes: 49 } }),
      '12:02': () => publish(hf, DAY, { ...paper, paper: { ...paper.paper, upvotes: 51 } }),
    });
    expect(postsOf(after.sink)).toEqual([['popular', '2608.99001', '12:05']]);
    expect(after.sink.singles[0]!.card.why).toBe('matched: zyxwizard networks (title, abstract, keywords)');
    expect(after.sink.singles[0]!.card.upvotes).toBe(51);
  }, 60_000);

  it('alert latency, paper appearing → post, for a paper appearing at each minute of a 10-minute cycle', async () => {
    const store = new MemoryStore();
    await store.alerts.add(alertFor('l', place('latency'), 'zyxwizard'), 10);
    const one = instance(store, hf, 'solo');
    const appear: Record<string, () => void> = {};
    const appearedAt = new Map<string, number>();
    for (let m = 0; m < 10; m++) {
      const id = `2608.9910${m}`;
      const hhmm = `10:${String(m).padStart(2, '0')}`;
      appear[hhmm] = () => {
        publish(hf, DAY, newPaper(hf, id, 1));
        appearedAt.set(id, Date.now());
      };
    }
    await runMinutes([one], '09:55', '10:40', appear);
    const latencies = one.sink.singles.map((p) => (Date.parse(p.at) - appearedAt.get(p.card.id)!) / 60_000);
    expect(latencies).toHaveLength(10);
    // Every paper within one cache TTL (10 minutes) of appearing, each once.
    expect(Math.max(...latencies)).toBeLessThanOrEqual(10);
    expect(new Set(one.sink.singles.map((p) => p.card.id)).size).toBe(10);
    // For the closing note: the spread under fake time.
    console.info(
      `alert latency (min): ${latencies.sort((a, b) => a - b).join(', ')}; mean ${(latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(1)}`,
    );
  }, 60_000);

  it('quiet hours hold an alert back until they end, and it still comes once', async () => {
    const store = new MemoryStore();
    const nightOwl = place('night', 'user');
    // 22:00–08:00 in Berlin is 20:00–06:00 UTC in August.
    await store.alerts.add(alertFor('q', nightOwl, 'zyxwizard', { quiet: { from: '22:00', to: '08:00' } }), 10);
    const late = newPaper(hf, '2608.99002', 7);
    const one = instance(store, hf, 'solo');
    await runMinutes([one], `${DAY}T20:50:00.000Z`, '2026-08-22T07:00:00.000Z', {
      [`${DAY}T21:00:00.000Z`]: () => publish(hf, DAY, late),
    });
    expect(postsOf(one.sink)).toEqual([['night', '2608.99002', '06:00']]);
    expect(one.sink.singles[0]!.at.slice(0, 10)).toBe('2026-08-22');
  }, 60_000);

  it('two instances ticking on one store post each (place, paper) once', async () => {
    const a = await jsonStore();
    const b = await jsonStore();
    for (let i = 0; i < 6; i++) await a.alerts.add(alertFor(`p${i}`, place(`place${i}`), 'zyxwizard'), 10);
    const one = instance(a, hf, 'instance-a');
    const two = instance(b, hf, 'instance-b');
    await runMinutes([one, two], '09:55', '10:30', {
      '10:01': () => publish(hf, DAY, newPaper(hf, '2608.99003', 1)),
      '10:02': () => publish(hf, DAY, newPaper(hf, '2608.99004', 2)),
    });
    const posts = postsOf(one.sink, two.sink);
    expect(posts).toHaveLength(12);
    expect(new Set(posts.map(([p, id]) => `${p}|${id}`)).size).toBe(12);
    // Both really polled (each had its own cache): the store, not luck, kept it single.
    expect(one.sink.singles.length + two.sink.singles.length).toBe(12);
  }, 60_000);

  it('one poll serves every alert: the Hugging Face requests do not grow with the number of alerts', async () => {
    const requestsFor = async (alerts: number): Promise<number> => {
      const store = new MemoryStore();
      for (let i = 0; i < alerts; i++) await store.alerts.add(alertFor(`x${i}`, place(`c${i}`), `topic${i}`), 10);
      const seen = hf.count('/api/daily_papers');
      vi.setSystemTime(new Date(`${DAY}T09:55:00Z`));
      await runMinutes([instance(store, hf, `budget-${alerts}`)], '10:00', '10:59');
      return hf.count('/api/daily_papers') - seen;
    };
    const one = await requestsFor(1);
    const many = await requestsFor(200);
    expect(many).toBe(one);
    // An hour: today's list once per 10-minute cache TTL, yesterday's (closed) once.
    expect(many).toBe(7);
    const perFiveMinutes = (many / 60) * (ALERT_POLL_INTERVAL_MS / 60_000);
    expect(perFiveMinutes).toBeLessThan(1);
    // No alerts, no requests.
    expect(await requestsFor(0)).toBe(0);
  }, 60_000);

  it('a place that is gone stops its alerts, with a log line, and is not tried again', async () => {
    const store = new MemoryStore();
    const gone = place('deleted');
    await store.alerts.add(alertFor('g', gone, 'zyxwizard'), 10);
    await store.alerts.add(alertFor('g2', gone, 'sparse parity'), 10);
    const one = instance(store, hf, 'solo');
    one.sink.markGone(gone);
    publish(hf, DAY, newPaper(hf, '2608.99005', 4));
    await runMinutes([one], '10:00', '10:30');
    expect((await store.alerts.list(gone)).map((a) => a.disabled?.reason)).toEqual([
      'Unknown Channel (10003)',
      'Unknown Channel (10003)',
    ]);
    expect(
      one.logger.entries.filter((e) => e.msg === 'alerts: the place is gone; its alerts are stopped'),
    ).toHaveLength(1);
    expect(one.sink.calls.filter((c) => c.kind === 'single')).toHaveLength(1);
  }, 60_000);

  it('a post that fails is tried again at the next poll, and arrives once', async () => {
    const store = new MemoryStore();
    await store.alerts.add(alertFor('t', place('flaky'), 'zyxwizard'), 10);
    const one = instance(store, hf, 'solo');
    one.sink.failWhen(({ attempt }) => (attempt === 1 ? new Error('socket hang up') : undefined));
    publish(hf, DAY, newPaper(hf, '2608.99006', 2));
    await runMinutes([one], '10:00', '10:20');
    expect(postsOf(one.sink)).toEqual([['flaky', '2608.99006', '10:05']]);
    expect(one.sink.calls.filter((c) => c.kind === 'single').map((c) => c.outcome)).toEqual(['failed', 'posted']);
    expect(one.logger.entries.some((e) => e.msg === 'alerts: could not post; trying again at the next poll')).toBe(
      true,
    );
  }, 60_000);
});
