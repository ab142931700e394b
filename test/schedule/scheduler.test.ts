import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src/services.js';
import { commands } from '../../commands/index.js';
import { createBot } from '../../src/bot.js';
import type { Target } from '../../src/caller.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import type { DigestHeader, PostedParent } from '../../src/digest/sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { createScheduler, type DigestScheduler } from '../../src/schedule/scheduler.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { ListSource, channel, digestSchedule, dm } from '../digest/helpers.js';

const HOUR = 3_600_000;

/** The memory sink, also noting the (fake) time at which each thread was opened. */
class TimedSink extends MemoryDigestSink {
  readonly opened: { target: string; listDate: string; at: string }[] = [];
  override async postParent(target: Target, header: DigestHeader, key: string): Promise<PostedParent> {
    const before = this.threads.length;
    const parent = await super.postParent(target, header, key);
    if (this.threads.length > before)
      this.opened.push({ target: target.id, listDate: header.listDate, at: new Date().toISOString() });
    return parent;
  }
}

let scheduler: DigestScheduler | undefined;
let store: MemoryStore;
let sink: TimedSink;
let logger: MemoryLogger;

function startScheduler(papers = new ListSource()): Promise<void> {
  scheduler = createScheduler({ store, papers, sinks: [sink], logger, now: () => new Date() });
  scheduler.start();
  return scheduler.idle();
}

beforeEach(() => {
  store = new MemoryStore();
  sink = new TimedSink('terminal');
  logger = new MemoryLogger();
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
});

const runUntil = async (iso: string): Promise<void> => {
  await vi.advanceTimersByTimeAsync(Date.parse(iso) - Date.now());
};

describe('digest scheduler over real node-cron with fake timers', () => {
  it('09:00 Europe/Berlin fires once a weekday at 09:00 local, and not at the weekend', async () => {
    vi.useFakeTimers({ now: new Date('2026-08-17T12:00:00Z') }); // Monday, after 09:00
    await store.digests.put(digestSchedule(channel('berlin'), { createdAt: new Date().toISOString() }));
    await startScheduler();
    await runUntil('2026-08-25T06:00:00Z');
    expect(sink.opened).toEqual([
      { target: 'berlin', listDate: '2026-08-17', at: '2026-08-18T07:00:00.000Z' },
      { target: 'berlin', listDate: '2026-08-18', at: '2026-08-19T07:00:00.000Z' },
      { target: 'berlin', listDate: '2026-08-19', at: '2026-08-20T07:00:00.000Z' },
      { target: 'berlin', listDate: '2026-08-20', at: '2026-08-21T07:00:00.000Z' },
      // Saturday and Sunday: nothing; Monday morning gets Friday's list
      { target: 'berlin', listDate: '2026-08-21', at: '2026-08-24T07:00:00.000Z' },
    ]);
    expect(sink.threads.every((t) => t.cards.length === 5)).toBe(true);
    // Eight simulated days of minute ticks: ~18 s on a loaded 2-core machine.
  }, 90_000);

  it('a weekend produces no post', async () => {
    vi.useFakeTimers({ now: new Date('2026-08-21T12:00:00Z') }); // Friday after 09:00 Berlin
    await store.digests.put(digestSchedule(channel('berlin'), { createdAt: new Date().toISOString() }));
    await startScheduler();
    await runUntil('2026-08-24T06:59:00Z'); // Monday 08:59 Berlin
    expect(sink.opened).toEqual([]);
  });

  it('delivers a 02:30 America/New_York digest on the US spring-forward day', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-07T20:00:00Z') }); // Saturday afternoon
    await store.digests.put(
      digestSchedule(dm('ny'), {
        time: '02:30',
        timezone: 'America/New_York',
        days: 'daily',
        createdAt: new Date().toISOString(),
      }),
    );
    await startScheduler();
    await runUntil('2026-03-08T12:00:00Z');
    // 02:30 never happens on 8 March 2026 (01:59 EST → 03:00 EDT); the first tick after it delivers
    expect(sink.opened).toEqual([{ target: 'ny', listDate: '2026-03-06', at: '2026-03-08T07:00:00.000Z' }]);
    expect(
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeStyle: 'short' }).format(
        new Date('2026-03-08T07:00:00Z'),
      ),
    ).toBe('3:00 AM');
  });

  it('after 2 days of downtime, a restart catches up once per missed list, oldest first', async () => {
    vi.useFakeTimers({ now: new Date('2026-08-17T12:00:00Z') });
    await store.digests.put(digestSchedule(channel('berlin'), { createdAt: new Date().toISOString() }));
    await startScheduler();
    await runUntil('2026-08-18T08:00:00Z');
    expect(sink.opened.map((o) => o.listDate)).toEqual(['2026-08-17']);
    await scheduler!.stop();
    vi.setSystemTime(new Date('2026-08-20T10:00:00Z')); // down Tue 10:00 → Thu 12:00 Berlin
    await startScheduler();
    expect(sink.opened.map((o) => [o.listDate, o.at])).toEqual([
      ['2026-08-17', '2026-08-18T07:00:00.000Z'],
      ['2026-08-18', '2026-08-20T10:00:00.000Z'],
      ['2026-08-19', '2026-08-20T10:00:00.000Z'],
    ]);
    await runUntil('2026-08-21T12:00:00Z');
    expect(sink.opened.map((o) => o.listDate)).toEqual(['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20']);
    expect(sink.calls.filter((c) => c.kind === 'parent' && c.outcome === 'posted')).toHaveLength(4);
  });

  it('two targets in different zones each get theirs at their local time', async () => {
    vi.useFakeTimers({ now: new Date('2026-08-20T14:00:00Z') });
    const createdAt = new Date().toISOString();
    await store.digests.put(digestSchedule(channel('berlin'), { createdAt }));
    await store.digests.put(digestSchedule(dm('ny'), { timezone: 'America/New_York', createdAt }));
    await store.digests.put(digestSchedule(dm('tokyo'), { time: '18:30', timezone: 'Asia/Tokyo', createdAt }));
    await startScheduler();
    await runUntil('2026-08-21T14:00:00Z');
    expect(sink.opened).toEqual([
      { target: 'berlin', listDate: '2026-08-20', at: '2026-08-21T07:00:00.000Z' },
      { target: 'tokyo', listDate: '2026-08-20', at: '2026-08-21T09:30:00.000Z' },
      { target: 'ny', listDate: '2026-08-20', at: '2026-08-21T13:00:00.000Z' },
    ]);
  });

  it('a gone target is disabled once and not retried by later ticks', async () => {
    vi.useFakeTimers({ now: new Date('2026-08-20T12:00:00Z') });
    const gone = channel('gone');
    await store.digests.put(digestSchedule(gone, { createdAt: new Date().toISOString() }));
    sink.markGone(gone);
    await startScheduler();
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(sink.calls.filter((c) => c.outcome === 'failed')).toHaveLength(1);
    expect((await store.digests.get(gone))!.disabled).toMatchObject({
      reason: 'Unknown Channel (10003)',
      at: '2026-08-21T07:00:00.000Z',
    });
    expect(logger.entries.filter((e) => e.msg.includes('gone'))).toHaveLength(1);
    // ...and `digest status` tells the channel what happened
    const bot = createBot(createServices({ papers: new ListSource(), store, logger, now: () => new Date() }), commands);
    const status = await bot.handle({
      caller: {
        platform: 'terminal',
        userId: 'U1',
        workspaceId: 'local',
        channelId: 'gone',
        isDirectMessage: false,
        canManageChannel: false,
      },
      text: 'digest status here',
    });
    // Plain form of the notice: the command is inline code (Reply's rich text).
    expect(status.notices?.map(String)).toEqual([
      'Stopped on 2026-08-21: Paperboy could not post here (Unknown Channel (10003)). Give it access again, then run `/papers digest on here`.',
    ]);
  });

  it('stop() ends a Hugging Face retry wait at once; the list is delivered after the restart', async () => {
    vi.useFakeTimers({ now: new Date('2026-08-21T07:00:30Z') });
    await store.digests.put(digestSchedule(channel('berlin'), { createdAt: '2026-08-20T12:00:00Z' }));
    const papers = new ListSource();
    papers.down = true;
    scheduler = createScheduler({ store, papers, sinks: [sink], logger, now: () => new Date() });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5_000); // backing off: 1 s, 2 s, ...
    expect(papers.dayCalls).toBeGreaterThan(1);
    await scheduler.stop(); // resolves without sitting out the 30-minute deadline
    // Claimed, nothing planned, lease released: the restart takes it at once.
    expect(await store.deliveries.get(channel('berlin'), '2026-08-20')).toMatchObject({
      state: 'claimed',
      paperIds: [],
    });
    papers.down = false;
    await startScheduler(papers);
    expect(sink.opened.map((o) => o.listDate)).toEqual(['2026-08-20']);
  });
});
