import { describe, expect, it } from 'vitest';
import type { Delivery, Lease } from '../../src/store/store.js';
import { general, rejectsWith, slackTwin, type Stores } from './contract-fixtures.js';

const t0 = new Date('2026-11-27T10:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const lease = (owner: string, now = t0, ms = 60_000): Lease => ({ owner, now, ms });

/** The delivery ledger's part of the store contract: claims, leases, compare-and-set. */
export function ledgerContract(s: Stores): void {
  describe('delivery ledger', () => {
    it('a first claim creates the row for its owner', async () => {
      const claim = await s.store.deliveries.claim(general, '2026-11-26', lease('a'));
      expect(claim).toMatchObject({ status: 'claimed', fresh: true });
      expect(claim.row).toMatchObject({
        target: general,
        listDate: '2026-11-26',
        state: 'claimed',
        paperIds: [],
        posted: [],
        owner: 'a',
        leaseUntil: at(60_000).toISOString(),
      });
      expect(await s.other.deliveries.get(general, '2026-11-26')).toEqual(claim.row);
    });

    it('N concurrent claims of one delivery, from two instances, succeed once', async () => {
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? s.other : s.store).deliveries.claim(general, '2026-11-26', lease(`owner${i}`)),
        ),
      );
      expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.status === 'busy')).toHaveLength(11);
    });

    it('an expired lease is taken over exactly once, and the old holder can no longer write', async () => {
      const first = await s.store.deliveries.claim(general, '2026-11-26', lease('a'));
      const planned = await s.store.deliveries.update({ ...first.row, state: 'planned', paperIds: ['p1'] }, lease('a'));
      expect(await s.other.deliveries.claim(general, '2026-11-26', lease('b', at(59_999)))).toMatchObject({
        status: 'busy',
      });
      const takeovers = await Promise.all(
        ['b', 'c', 'd', 'e'].map((o, i) =>
          (i % 2 ? s.other : s.store).deliveries.claim(general, '2026-11-26', lease(o, at(61_000))),
        ),
      );
      const won = takeovers.filter((c) => c.status === 'claimed');
      expect(won).toHaveLength(1);
      expect(won[0]).toMatchObject({ fresh: false, row: { state: 'planned', paperIds: ['p1'] } });
      await rejectsWith(
        s.store.deliveries.update({ ...planned, posted: ['p1'] }, lease('a', at(62_000))),
        'lease_lost',
      );
      expect((await s.store.deliveries.get(general, '2026-11-26'))!.posted).toEqual([]);
    });

    it('its owner may claim again (a retry) and keeps working on the same row', async () => {
      const first = await s.store.deliveries.claim(general, '2026-11-26', lease('a'));
      await s.store.deliveries.update({ ...first.row, state: 'posting', parentId: 'm1', threadId: 't1' }, lease('a'));
      const again = await s.other.deliveries.claim(general, '2026-11-26', lease('a', at(1_000)));
      expect(again).toMatchObject({ status: 'claimed', fresh: false, row: { parentId: 'm1', state: 'posting' } });
    });

    it('update is compare-and-set on the version it read, and renews the lease', async () => {
      const { row } = await s.store.deliveries.claim(general, '2026-11-26', lease('a'));
      const v2 = await s.store.deliveries.update(
        { ...row, state: 'planned', paperIds: ['p1', 'p2'] },
        lease('a', at(30_000)),
      );
      expect(v2.version).toBe(row.version + 1);
      expect(v2.leaseUntil).toBe(at(90_000).toISOString());
      expect(v2.updatedAt).toBe(at(30_000).toISOString());
      // A write based on the older read fails, whoever sends it.
      await rejectsWith(s.other.deliveries.update({ ...row, state: 'done' }, lease('a', at(31_000))), 'lease_lost');
      await rejectsWith(s.other.deliveries.update({ ...v2, state: 'done' }, lease('b', at(31_000))), 'lease_lost');
      const v3 = await s.other.deliveries.update({ ...v2, posted: ['p1'] }, lease('a', at(32_000)));
      expect(await s.store.deliveries.get(general, '2026-11-26')).toEqual(v3);
    });

    it('an update of a row that does not exist is lease_lost, and nothing is stored', async () => {
      const ghost: Delivery = {
        target: general,
        listDate: '2026-11-26',
        state: 'planned',
        paperIds: [],
        posted: [],
        createdAt: t0.toISOString(),
        updatedAt: t0.toISOString(),
        version: 1,
        owner: 'a',
      };
      await rejectsWith(s.store.deliveries.update(ghost, lease('a')), 'lease_lost');
      expect(await s.store.deliveries.get(general, '2026-11-26')).toBeUndefined();
    });

    it('a done or skipped row is served: never claimed again, whoever asks', async () => {
      for (const [date, state] of [
        ['2026-11-25', 'done'],
        ['2026-11-26', 'skipped'],
      ] as const) {
        const { row } = await s.store.deliveries.claim(general, date, lease('a'));
        await s.store.deliveries.update({ ...row, state }, lease('a'));
        const later = await s.other.deliveries.claim(general, date, lease('b', at(10 * 60_000)));
        expect(later).toMatchObject({ status: 'served', row: { state } });
      }
    });

    it('keeps targets and dates apart, and lists rows since a date, oldest first', async () => {
      for (const date of ['2026-11-24', '2026-11-20', '2026-11-26', '2026-11-23', '2026-11-29+week']) {
        await s.store.deliveries.claim(general, date, lease('a'));
      }
      await s.other.deliveries.claim(slackTwin, '2026-11-25', lease('a'));
      expect((await s.other.deliveries.since(general, '2026-11-23')).map((d) => d.listDate)).toEqual([
        '2026-11-23',
        '2026-11-24',
        '2026-11-26',
        '2026-11-29+week',
      ]);
      expect(await s.store.deliveries.get(slackTwin, '2026-11-26')).toBeUndefined();
      expect(await s.store.deliveries.since(general, '2026-X')).toEqual([]);
    });

    it('prunes rows of lists before a date and reports how many went', async () => {
      for (const date of ['2026-10-01', '2026-10-02', '2026-11-26']) {
        await s.store.deliveries.claim(general, date, lease('a'));
        await s.store.deliveries.claim(slackTwin, date, lease('a'));
      }
      expect(await s.other.deliveries.prune('2026-10-02')).toBe(2);
      expect((await s.store.deliveries.since(general, '2000-01-01')).map((d) => d.listDate)).toEqual([
        '2026-10-02',
        '2026-11-26',
      ]);
      expect(await s.store.deliveries.prune('2026-10-02')).toBe(0);
    });

    it('orders and prunes a week row as the Sunday it ends on', async () => {
      // Week 47 of 2026 runs Mon 16 – Sun 22 Nov: it belongs after the 20th and before the 23rd.
      for (const date of ['2026-11-20', '2026-11-22+week', '2026-11-23']) {
        await s.store.deliveries.claim(general, date, lease('a'));
      }
      expect((await s.other.deliveries.since(general, '2026-11-16')).map((d) => d.listDate)).toEqual([
        '2026-11-20',
        '2026-11-22+week',
        '2026-11-23',
      ]);
      expect((await s.other.deliveries.since(general, '2026-11-23')).map((d) => d.listDate)).toEqual(['2026-11-23']);
      expect(await s.store.deliveries.prune('2026-11-22')).toBe(1);
      expect(await s.other.deliveries.get(general, '2026-11-22+week')).toBeDefined();
      expect(await s.store.deliveries.prune('2026-11-23')).toBe(1);
      expect(await s.other.deliveries.get(general, '2026-11-22+week')).toBeUndefined();
      await rejectsWith(s.store.deliveries.claim(general, '2026-W47', lease('a')), 'invalid_record');
    });

    it('copies values in and out, and refuses an invalid row', async () => {
      const { row } = await s.store.deliveries.claim(general, '2026-11-26', lease('a'));
      row.paperIds.push('mutated');
      const out = await s.store.deliveries.get(general, '2026-11-26');
      out!.posted.push('mutated');
      expect((await s.store.deliveries.get(general, '2026-11-26'))!.paperIds).toEqual([]);
      await rejectsWith(
        s.store.deliveries.update({ ...out!, posted: [], state: 'lost' as Delivery['state'] }, lease('a')),
        'invalid_record',
      );
      await rejectsWith(s.store.deliveries.claim(general, '26/11/2026', lease('a')), 'invalid_record');
    });

    it('loses no write when updates of different rows run at once', async () => {
      const dates = Array.from({ length: 30 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
      await Promise.all(
        dates.map(async (d, i) => {
          const owner = i % 2 ? s.other : s.store;
          const { row } = await owner.deliveries.claim(general, d, lease('a'));
          await owner.deliveries.update({ ...row, state: 'done' }, lease('a'));
        }),
      );
      const rows = await s.store.deliveries.since(general, '2026-10-01');
      expect(rows.map((d) => d.listDate)).toEqual(dates);
      expect(rows.every((r) => r.state === 'done')).toBe(true);
    });
  });
}
