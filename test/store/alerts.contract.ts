import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import type { Alert, AlertLease } from '../../src/store/alert-types.js';
import { normalizeTopicText } from '../../src/topics/topic-key.js';
import {
  alice,
  general,
  rejectsWith,
  slackTwin,
  withStores,
  type StoreFactory,
  type Stores,
} from './contract-fixtures.js';

const t0 = new Date('2026-11-27T10:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);
const lease = (owner: string, now = t0, ms = 60_000): AlertLease => ({ owner, now, ms });

export const alert = (id: string, target: Target, topic = `topic ${id}`, over: Partial<Alert> = {}): Alert => ({
  id,
  target: { ...target },
  topic,
  key: normalizeTopicText(topic),
  minUpvotes: 0,
  timezone: 'Europe/Berlin',
  createdBy: 'U1',
  createdAt: '2026-11-27T10:00:00.000Z',
  ...over,
});

/**
 * The alert part of the store contract, run against every engine (memory, JSON files,
 * PostgreSQL): the definitions' rules, and the (place, paper) ledger's one-winner claim,
 * shown between two instances on the same storage where the engine has them.
 */
export function alertsContract(name: string, factory: StoreFactory): void {
  describe(`Alerts contract: ${name}`, () => {
    const s = withStores(factory);

    definitionCases(s);
    ledgerCases(s);
  });
}

function definitionCases(s: Stores): void {
  describe('alert definitions', () => {
    it("keeps a place's alerts in order, with every option, apart from other places", async () => {
      const quiet = alert('a1', alice, 'grokking', { minUpvotes: 50, quiet: { from: '22:00', to: '08:00' } });
      expect(await s.store.alerts.add(quiet, 10)).toEqual({ outcome: 'added', alert: quiet, position: 1 });
      expect(await s.store.alerts.add(alert('a2', alice, 'agents'), 10)).toMatchObject({ position: 2 });
      await s.store.alerts.add(alert('g1', general, 'grokking'), 10);
      expect(await s.other.alerts.list(alice)).toEqual([quiet, alert('a2', alice, 'agents')]);
      expect(await s.other.alerts.list(slackTwin)).toEqual([]);
      expect((await s.other.alerts.list()).map((a) => a.id).sort()).toEqual(['a1', 'a2', 'g1']);
    });

    it('refuses the same topic twice in one place (case and spacing aside), saying which it is', async () => {
      await s.store.alerts.add(alert('a1', alice, 'in-context  learning'), 10);
      expect(await s.other.alerts.add(alert('a2', alice, 'In-Context learning'), 10)).toMatchObject({
        outcome: 'duplicate',
        existing: { id: 'a1' },
        position: 1,
      });
      expect(await s.store.alerts.add(alert('g1', general, 'in-context learning'), 10)).toMatchObject({
        outcome: 'added',
      });
    });

    it('stops at the per-place limit, even when many adds race from two instances', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? s.other : s.store).alerts.add(alert(`r${i}`, general, `t${i}`), 5),
        ),
      );
      expect(results.filter((r) => r.outcome === 'added')).toHaveLength(5);
      expect(results.filter((r) => r.outcome === 'limit_reached')).toHaveLength(7);
      expect(await s.store.alerts.list(general)).toHaveLength(5);
    });

    it('removes only within the place it belongs to', async () => {
      await s.store.alerts.add(alert('a1', alice, 'grokking'), 10);
      expect(await s.other.alerts.remove(general, 'a1')).toBe(false);
      expect(await s.other.alerts.remove(alice, 'a1')).toBe(true);
      expect(await s.store.alerts.remove(alice, 'a1')).toBe(false);
      expect(await s.store.alerts.list(alice)).toEqual([]);
    });

    it("disables a gone place's alerts, once, and nobody else's", async () => {
      await s.store.alerts.add(alert('g1', general, 'one'), 10);
      await s.store.alerts.add(alert('g2', general, 'two'), 10);
      await s.store.alerts.add(alert('s1', slackTwin, 'one'), 10);
      expect(await s.other.alerts.disable(general, 'Unknown Channel (10003)', t0.toISOString())).toBe(2);
      expect(await s.store.alerts.disable(general, 'again', t0.toISOString())).toBe(0);
      const listed = await s.store.alerts.list(general);
      expect(listed.map((a) => a.disabled)).toEqual([
        { reason: 'Unknown Channel (10003)', at: t0.toISOString() },
        { reason: 'Unknown Channel (10003)', at: t0.toISOString() },
      ]);
      expect((await s.store.alerts.list(slackTwin))[0]!.disabled).toBeUndefined();
    });

    it('refuses an invalid alert and an id used twice', async () => {
      await rejectsWith(s.store.alerts.add({ ...alert('x', alice), minUpvotes: -1 }, 10), 'invalid_record');
      await rejectsWith(
        s.store.alerts.add({ ...alert('x', alice), quiet: { from: '25:00', to: '08:00' } }, 10),
        'invalid_record',
      );
      await s.store.alerts.add(alert('same', alice, 'one'), 10);
      await rejectsWith(s.other.alerts.add(alert('same', alice, 'two'), 10), 'duplicate_id');
    });
  });
}

function ledgerCases(s: Stores): void {
  describe('alert ledger', () => {
    it('N concurrent claims of one (place, paper), from two instances, have one winner', async () => {
      const claims = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          (i % 2 ? s.other : s.store).alertLedger.claim(general, '2608.19880', lease(`owner${i}`)),
        ),
      );
      expect(claims.filter((c) => c.status === 'claimed')).toEqual([{ status: 'claimed', fresh: true }]);
      expect(claims.filter((c) => c.status === 'busy')).toHaveLength(15);
    });

    it('once marked sent, nobody claims it again, ever', async () => {
      expect(await s.store.alertLedger.claim(general, 'p1', lease('a'))).toEqual({ status: 'claimed', fresh: true });
      expect(await s.store.alertLedger.markSent(general, 'p1', lease('a', at(1000)))).toBe(true);
      expect(await s.other.alertLedger.claim(general, 'p1', lease('b', at(3_600_000)))).toEqual({
        status: 'sent',
        sentAt: at(1000).toISOString(),
      });
      expect(await s.store.alertLedger.claim(general, 'p1', lease('a', at(2000)))).toMatchObject({ status: 'sent' });
      expect(await s.other.alertLedger.markSent(general, 'p1', lease('a', at(3000)))).toBe(false);
    });

    it('a dead claimer’s lease runs out and is taken over once; the old holder can no longer mark it', async () => {
      await s.store.alertLedger.claim(general, 'p1', lease('a'));
      expect(await s.other.alertLedger.claim(general, 'p1', lease('b', at(59_999)))).toEqual({ status: 'busy' });
      const takeovers = await Promise.all(
        ['b', 'c', 'd'].map((o, i) =>
          (i % 2 ? s.store : s.other).alertLedger.claim(general, 'p1', lease(o, at(60_000))),
        ),
      );
      expect(takeovers.filter((c) => c.status === 'claimed')).toEqual([{ status: 'claimed', fresh: false }]);
      expect(await s.store.alertLedger.markSent(general, 'p1', lease('a', at(61_000)))).toBe(false);
    });

    it('the same paper is one row per place: places never share a claim', async () => {
      await s.store.alertLedger.claim(general, 'p1', lease('a'));
      expect(await s.other.alertLedger.claim(slackTwin, 'p1', lease('b'))).toEqual({ status: 'claimed', fresh: true });
      expect(await s.other.alertLedger.claim(alice, 'p1', lease('b'))).toEqual({ status: 'claimed', fresh: true });
      expect(await s.store.alertLedger.claim(general, 'p2', lease('b'))).toEqual({ status: 'claimed', fresh: true });
    });

    it('prunes rows created before a time, and only those', async () => {
      await s.store.alertLedger.claim(general, 'old', lease('a', t0));
      await s.store.alertLedger.markSent(general, 'old', lease('a', t0));
      await s.store.alertLedger.claim(alice, 'new', lease('a', at(10 * 86_400_000)));
      expect(await s.other.alertLedger.prune(at(86_400_000))).toBe(1);
      expect(await s.store.alertLedger.claim(general, 'old', lease('z', at(10 * 86_400_000)))).toMatchObject({
        status: 'claimed',
        fresh: true,
      });
      expect(await s.store.alertLedger.claim(alice, 'new', lease('z', at(10 * 86_400_000)))).toEqual({
        status: 'busy',
      });
    });

    it('refuses a claim without a usable lease', async () => {
      await rejectsWith(s.store.alertLedger.claim(general, 'p1', lease('a', new Date(NaN))), 'invalid_record');
    });
  });
}
