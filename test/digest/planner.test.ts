import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { nextSlot, planDeliveries } from '../../src/digest/planner.js';
import { localTime, zonedInstant } from '../../src/digest/zoned.js';
import type { Delivery, DigestSchedule } from '../../src/store/store.js';

const berlin: Target = { platform: 'terminal', workspaceId: 'local', kind: 'channel', id: 'c1' };
const nyc: Target = { platform: 'terminal', workspaceId: 'local', kind: 'user', id: 'u1' };

const schedule = (over: Partial<DigestSchedule> = {}): DigestSchedule => ({
  target: berlin,
  time: '09:00',
  timezone: 'Europe/Berlin',
  top: 10,
  minUpvotes: 0,
  days: 'weekdays',
  enabled: true,
  createdBy: 'u1',
  createdAt: '2026-08-20T08:00:00Z',
  ...over,
});
const row = (target: Target, listDate: string, state: Delivery['state'] = 'done'): Delivery => ({
  target,
  listDate,
  state,
  version: 1,
  paperIds: [],
  posted: [],
  createdAt: '',
  updatedAt: '',
});
const at = (iso: string): Date => new Date(iso);
const lists = (p: ReturnType<typeof planDeliveries>): string[] => p.due.map((d) => d.listDate);

describe('zoned time', () => {
  it('reads local wall time through DST', () => {
    expect(localTime(at('2026-08-21T07:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-08-21', minutes: 540 });
    expect(localTime(at('2026-01-05T08:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-01-05', minutes: 540 });
  });
  it('maps a wall time in the spring-forward gap to the end of the gap', () => {
    expect(zonedInstant('2026-03-08', 150, 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(zonedInstant('2026-03-09', 150, 'America/New_York').toISOString()).toBe('2026-03-09T06:30:00.000Z');
    expect(zonedInstant('2026-08-21', 540, 'Europe/Berlin').toISOString()).toBe('2026-08-21T07:00:00.000Z');
  });
});

describe('planDeliveries', () => {
  it('owes nothing before the local time and the latest closed list after it', () => {
    const s = [schedule()];
    expect(planDeliveries(at('2026-08-21T06:59:00Z'), s, [row(berlin, '2026-08-19')]).due).toEqual([]);
    const plan = planDeliveries(at('2026-08-21T07:00:00Z'), s, [row(berlin, '2026-08-19')]);
    expect(lists(plan)).toEqual(['2026-08-20']);
    expect(plan.due[0]!.slotAt.toISOString()).toBe('2026-08-21T07:00:00.000Z');
  });

  it('does not serve a list twice', () => {
    const rows = [row(berlin, '2026-08-19'), row(berlin, '2026-08-20')];
    expect(planDeliveries(at('2026-08-21T12:00:00Z'), [schedule()], rows).due).toEqual([]);
    // skipped (empty digest) counts as served too; planned/posting rows are resumed
    expect(
      planDeliveries(
        at('2026-08-21T12:00:00Z'),
        [schedule()],
        [row(berlin, '2026-08-19'), row(berlin, '2026-08-20', 'skipped')],
      ).due,
    ).toEqual([]);
    const resumed = planDeliveries(
      at('2026-08-21T12:00:00Z'),
      [schedule()],
      [row(berlin, '2026-08-19'), row(berlin, '2026-08-20', 'posting')],
    );
    expect(resumed.due.map((d) => [d.listDate, d.resume])).toEqual([['2026-08-20', true]]);
  });

  it("gives Monday morning Friday's list and skips the weekend", () => {
    const rows = [row(berlin, '2026-08-20')];
    expect(planDeliveries(at('2026-08-22T12:00:00Z'), [schedule()], [...rows, row(berlin, '2026-08-21')]).due).toEqual(
      [],
    );
    expect(planDeliveries(at('2026-08-23T12:00:00Z'), [schedule()], [...rows, row(berlin, '2026-08-21')]).due).toEqual(
      [],
    );
    expect(
      lists(
        planDeliveries(
          at('2026-08-24T07:05:00Z'),
          [schedule()],
          [row(berlin, '2026-08-19'), row(berlin, '2026-08-20')],
        ),
      ),
    ).toEqual(['2026-08-21']);
  });

  it("a daily digest delivers Friday's list on Saturday and nothing on Sunday or Monday", () => {
    const s = [schedule({ days: 'daily' })];
    const base = [row(berlin, '2026-08-19'), row(berlin, '2026-08-20')];
    expect(lists(planDeliveries(at('2026-08-22T07:00:00Z'), s, base))).toEqual(['2026-08-21']);
    const afterSat = [...base, row(berlin, '2026-08-21')];
    expect(planDeliveries(at('2026-08-23T20:00:00Z'), s, afterSat).due).toEqual([]);
    expect(planDeliveries(at('2026-08-24T20:00:00Z'), s, afterSat).due).toEqual([]);
  });

  it('a new digest starts with the latest closed list at its next local time, not back-history', () => {
    const s = [schedule({ createdAt: '2026-08-19T10:00:00Z' })];
    expect(planDeliveries(at('2026-08-19T23:00:00Z'), s, []).due).toEqual([]);
    expect(lists(planDeliveries(at('2026-08-20T07:00:00Z'), s, []))).toEqual(['2026-08-19']);
  });

  it('catches up missed lists oldest first, at most three days back, and reports older ones as expired', () => {
    const s = [schedule({ createdAt: '2026-08-01T00:00:00Z' })];
    // served up to Mon 10 Aug; down until Fri 21 Aug 12:00 Berlin
    const plan = planDeliveries(at('2026-08-21T10:00:00Z'), s, [row(berlin, '2026-08-10')]);
    expect(lists(plan)).toEqual(['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20']);
    expect(plan.expired.map((e) => e.listDate)).toEqual(['2026-08-11', '2026-08-12', '2026-08-13', '2026-08-14']);
    // two days down: once per missed list
    const two = planDeliveries(
      at('2026-08-21T07:30:00Z'),
      [schedule({ createdAt: '2026-08-18T00:00:00Z' })],
      [row(berlin, '2026-08-17')],
    );
    expect(lists(two)).toEqual(['2026-08-18', '2026-08-19', '2026-08-20']);
    expect(two.expired).toEqual([]);
  });

  it('is up to date once the current list is served (e.g. by `digest now`), without back-filling', () => {
    const s = [schedule({ createdAt: '2026-08-18T00:00:00Z' })];
    expect(planDeliveries(at('2026-08-21T07:30:00Z'), s, [row(berlin, '2026-08-20')]).due).toEqual([]);
  });

  it('delivers 02:30 America/New_York on the spring-forward day', () => {
    const s = [
      schedule({
        target: nyc,
        time: '02:30',
        timezone: 'America/New_York',
        days: 'daily',
        createdAt: '2026-03-07T20:00:00Z',
      }),
    ];
    expect(planDeliveries(at('2026-03-08T06:59:00Z'), s, []).due).toEqual([]); // 01:59 EST
    const plan = planDeliveries(at('2026-03-08T07:00:00Z'), s, []); // 03:00 EDT, 02:30 never happened
    expect(lists(plan)).toEqual(['2026-03-06']);
    // 2027 too
    const s27 = [{ ...s[0]!, createdAt: '2027-03-13T20:00:00Z' }];
    expect(lists(planDeliveries(at('2027-03-14T07:01:00Z'), s27, []))).toEqual(['2027-03-12']);
  });

  it('ignores disabled and switched-off schedules', () => {
    const now = at('2026-08-21T08:00:00Z');
    expect(planDeliveries(now, [schedule({ enabled: false })], []).due).toEqual([]);
    expect(planDeliveries(now, [schedule({ disabled: { reason: 'gone', at: '' } })], []).due).toEqual([]);
  });

  it('caps owed lists at the newest list the source has', () => {
    const s = [schedule({ createdAt: '2026-11-01T00:00:00Z' })];
    const plan = planDeliveries(at('2026-11-27T12:00:00Z'), s, [], { newestList: '2026-08-21' });
    expect(lists(plan)).toEqual(['2026-08-21']);
    expect(
      planDeliveries(at('2026-11-27T12:00:00Z'), s, [row(berlin, '2026-08-21')], { newestList: '2026-08-21' }).due,
    ).toEqual([]);
  });

  it('two targets in different zones are due at their own local time', () => {
    const s = [
      schedule({ createdAt: '2026-08-20T14:00:00Z' }),
      schedule({ target: nyc, timezone: 'America/New_York', createdAt: '2026-08-20T14:00:00Z' }),
    ];
    expect(planDeliveries(at('2026-08-21T07:00:00Z'), s, []).due.map((d) => d.target.id)).toEqual(['c1']);
    expect(planDeliveries(at('2026-08-21T13:00:00Z'), s, []).due.map((d) => d.target.id)).toEqual(['c1', 'u1']);
  });

  it('computes the next run', () => {
    expect(nextSlot(at('2026-08-21T08:00:00Z'), schedule())!.toISOString()).toBe('2026-08-24T07:00:00.000Z');
    expect(nextSlot(at('2026-08-21T06:00:00Z'), schedule())!.toISOString()).toBe('2026-08-21T07:00:00.000Z');
  });
});
