import { describe, expect, it } from 'vitest';
import { targetKey } from '../../src/caller.js';
import { deliverAll, deliverOne, parentKey, recordExpired, type FanoutDeps } from '../../src/digest/fanout.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { DeliveryError } from '../../src/digest/sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { ListSource, channel, digestSchedule, makeList } from './helpers.js';

const FRI = '2026-08-21';
const settings = { top: 5, minUpvotes: 0 };

function setup(over: Partial<FanoutDeps> = {}) {
  const store = new MemoryStore();
  const sink = new MemoryDigestSink('terminal');
  const papers = new ListSource();
  const logger = new MemoryLogger();
  const sleeps: number[] = [];
  const deps: FanoutDeps = {
    store,
    papers,
    sinks: [sink],
    logger,
    now: () => new Date('2026-08-24T07:00:00Z'),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...over,
  };
  return { store, sink, papers, logger, sleeps, deps };
}

describe('deliverOne', () => {
  it('posts a parent and the top papers by upvotes into its thread, then never again', async () => {
    const { deps, sink, store } = setup();
    const t = channel('c1');
    const report = await deliverOne({ target: t, listDate: FRI, settings }, deps);
    expect(report).toMatchObject({ outcome: 'delivered', total: 5, posted: 5 });
    expect(sink.threads).toHaveLength(1);
    const thread = sink.threads[0]!;
    expect(thread.header.title).toBe('Daily Papers · Fri 21 Aug 2026 · 12 papers, top 5');
    expect(thread.header.threadName.length).toBeLessThanOrEqual(100);
    const expected = [...makeList(FRI)].sort((a, b) => b.upvotes - a.upvotes || (a.id < b.id ? 1 : -1)).slice(0, 5);
    expect(thread.cards.map((c) => c.id)).toEqual(expected.map((p) => p.id));
    expect(thread.cards.map((c) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    const row = await store.deliveries.get(t, FRI);
    expect(row).toMatchObject({ state: 'done', parentId: thread.parent.parentId, threadId: thread.parent.threadId });
    expect(row!.posted).toEqual(row!.paperIds);

    expect(await deliverOne({ target: t, listDate: FRI, settings }, deps)).toMatchObject({
      outcome: 'already_delivered',
    });
    expect(sink.calls.filter((c) => c.outcome === 'posted')).toHaveLength(6);
  });

  it('resumes an interrupted delivery in the same thread', async () => {
    const { deps, sink, store } = setup({ maxAttempts: 2 });
    const t = channel('c1');
    let third: string | undefined;
    sink.failWhen(({ kind, key }) => {
      if (kind !== 'paper') return undefined;
      third ??= sink.calls.filter((c) => c.kind === 'paper' && c.outcome === 'posted').length === 2 ? key : undefined;
      return key === third ? new DeliveryError('transient', '503 from the platform') : undefined;
    });
    const first = await deliverOne({ target: t, listDate: FRI, settings }, deps);
    expect(first).toMatchObject({ outcome: 'failed', posted: 2, total: 5 });
    expect((await store.deliveries.get(t, FRI))!.state).toBe('posting');

    sink.failWhen(undefined);
    expect(await deliverOne({ target: t, listDate: FRI, settings }, deps)).toMatchObject({
      outcome: 'delivered',
      posted: 5,
    });
    expect(sink.threads).toHaveLength(1);
    expect(sink.threads[0]!.cards.map((c) => c.id)).toEqual((await store.deliveries.get(t, FRI))!.paperIds);
  });

  it('an in-doubt parent (posted, never recorded) is not posted twice thanks to the idempotency key', async () => {
    const { deps, sink, store } = setup();
    const t = channel('c1');
    // The process planned, posted the parent, then died before the ledger write.
    const dead = { owner: 'dead-process', now: new Date('2026-08-24T06:00:00Z'), ms: 60_000 };
    const { row } = await store.deliveries.claim(t, FRI, dead);
    const paperIds = makeList(FRI)
      .slice(0, 3)
      .map((p) => p.id);
    await store.deliveries.update({ ...row, state: 'planned', paperIds }, dead);
    await sink.postParent(t, { listDate: FRI, title: 'x', threadName: 'x' }, parentKey(t, FRI));
    await deliverOne({ target: t, listDate: FRI, settings }, deps);
    expect(sink.threads).toHaveLength(1);
    expect(sink.threads[0]!.cards).toHaveLength(3);
  });

  it('disables a gone target with a log line and does not retry it', async () => {
    const { deps, sink, store, logger } = setup();
    const t = channel('gone');
    await store.digests.put(digestSchedule(t));
    sink.markGone(t);
    const report = await deliverOne({ target: t, listDate: FRI, settings }, deps);
    expect(report.outcome).toBe('gone');
    expect(sink.calls.filter((c) => c.outcome === 'failed')).toHaveLength(1);
    const schedule = await store.digests.get(t);
    expect(schedule!.disabled).toEqual({ reason: 'Unknown Channel (10003)', at: '2026-08-24T07:00:00.000Z' });
    expect(logger.entries.some((e) => e.level === 'warn' && e.msg.includes('gone'))).toBe(true);
  });

  it('waits out rate limits and backs off on transient failures', async () => {
    const { deps, sink, sleeps } = setup();
    sink.failWhen(({ kind, attempt }) =>
      kind === 'parent' && attempt === 1
        ? new DeliveryError('rate_limited', '429', 2500)
        : kind === 'parent' && attempt === 2
          ? new DeliveryError('transient', '502')
          : undefined,
    );
    expect(await deliverOne({ target: channel('c1'), listDate: FRI, settings }, deps)).toMatchObject({
      outcome: 'delivered',
    });
    expect(sleeps).toEqual([2500, 1000]);
    expect(sink.threads).toHaveLength(1);
  });

  it('retries Hugging Face with backoff until the deadline, then leaves the list for a later run', async () => {
    const { deps, papers, store, sink } = setup({ fetchDeadlineMs: 10_000, sleep: async () => {} });
    papers.down = true;
    const t = channel('c1');
    const report = await deliverOne({ target: t, listDate: FRI, settings }, deps);
    expect(report.outcome).toBe('failed');
    expect(papers.dayCalls).toBeGreaterThan(1);
    // Claimed but not planned, and released at once so the next try need not wait for the lease.
    const row = await store.deliveries.get(t, FRI);
    expect(row).toMatchObject({ state: 'claimed', paperIds: [] });
    expect(Date.parse(row!.leaseUntil!)).toBeLessThanOrEqual(deps.now().getTime());
    papers.down = false;
    expect(await deliverOne({ target: t, listDate: FRI, settings }, deps)).toMatchObject({ outcome: 'delivered' });
    expect(sink.threads).toHaveLength(1);
  });

  it('never sends the same paper to the same target twice within 30 days, and never an empty digest', async () => {
    const { deps, sink, store } = setup();
    const same = new ListSource(() => makeList(FRI, 8));
    const t = channel('c1');
    await deliverOne({ target: t, listDate: '2026-08-20', settings }, { ...deps, papers: same });
    const second = await deliverOne({ target: t, listDate: FRI, settings }, { ...deps, papers: same });
    expect(second.outcome).toBe('delivered');
    const ids = sink.threads.flatMap((th) => th.cards.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sink.threads[1]!.cards).toHaveLength(3); // 8 papers, 5 already sent
    const third = await deliverOne({ target: t, listDate: '2026-08-24', settings }, { ...deps, papers: same });
    expect(third).toMatchObject({ outcome: 'skipped', note: expect.stringContaining('already sent here') });
    expect((await store.deliveries.get(t, '2026-08-24'))!.state).toBe('skipped');
    expect(sink.threads).toHaveLength(2);

    const high = await deliverOne(
      { target: channel('c2'), listDate: FRI, settings: { top: 5, minUpvotes: 1000 } },
      deps,
    );
    expect(high).toMatchObject({
      outcome: 'skipped',
      note: 'No paper on the Fri 21 Aug 2026 list had at least 1000 upvotes.',
    });
    expect(sink.threads).toHaveLength(2);
  });
});

describe('concurrent requests', () => {
  it('`digest now` racing a scheduler tick for the same list: one delivers, the other is told it is under way', async () => {
    const { deps, sink } = setup();
    const t = channel('c1');
    const reports = await Promise.all([
      deliverOne({ target: t, listDate: FRI, settings }, deps),
      deliverOne({ target: t, listDate: FRI, settings }, deps),
    ]);
    expect(reports.map((r) => r.outcome).sort()).toEqual(['delivered', 'in_progress']);
    expect(sink.threads).toHaveLength(1);
    expect(sink.calls.filter((c) => c.outcome === 'deduped')).toHaveLength(0);
  });
});

describe('deliverAll', () => {
  it('fans out to many targets, one thread per (target, list), catch-up oldest first', async () => {
    const { deps, sink } = setup({ concurrency: 3 });
    const targets = Array.from({ length: 10 }, (_, i) => channel(`c${i}`));
    const jobs = targets.flatMap((target) =>
      ['2026-08-20', '2026-08-18', '2026-08-19'].map((listDate) => ({ target, listDate, settings })),
    );
    const reports = await deliverAll(jobs, deps);
    expect(reports.every((r) => r.outcome === 'delivered')).toBe(true);
    expect(sink.threads).toHaveLength(30);
    for (const t of targets) {
      expect(sink.threadsFor(t).map((th) => th.header.listDate)).toEqual(['2026-08-18', '2026-08-19', '2026-08-20']);
    }
  });

  it("stops a target's later lists when one fails, so order holds after the retry", async () => {
    const { deps, sink } = setup({ maxAttempts: 1 });
    const t = channel('c1');
    sink.failWhen(({ key }) => (key.includes('2026-08-19') ? new DeliveryError('transient', 'down') : undefined));
    const reports = await deliverAll(
      ['2026-08-19', '2026-08-20'].map((listDate) => ({ target: t, listDate, settings })),
      deps,
    );
    expect(reports.map((r) => r.outcome)).toEqual(['failed']);
    expect(sink.threads).toHaveLength(0);
  });

  it('records expired lists as skipped once, with a log line', async () => {
    const { deps, store, logger } = setup();
    const t = channel('c1');
    const expired = [{ target: t, listDate: '2026-08-10', slotAt: new Date() }];
    await recordExpired(expired, deps);
    await recordExpired(expired, deps);
    expect((await store.deliveries.get(t, '2026-08-10'))!.state).toBe('skipped');
    expect(logger.entries.filter((e) => e.msg.includes('catch-up window'))).toHaveLength(1);
    expect(targetKey(t)).toBe('terminal:local:channel:c1');
  });
});
