import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../src/store/store.js';
import { installationCases } from './installations.contract.js';
import { ledgerContract } from './ledger.contract.js';
import {
  alice,
  general,
  rejectsWith,
  schedule,
  slackTwin,
  subscription,
  withStores,
  type StoreFactory,
  type Stores,
} from './contract-fixtures.js';

export { alice, general, rejectsWith, schedule, slackTwin, subscription, type Stores };

export type { StoreFactory };

/** The one contract every Store implementation passes (one contract suite per interface). */

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    const s = withStores(factory);

    subscriptionCases(s);
    digestCases(s);
    ledgerContract(s);
    onceAndMetaCases(s);
    installationCases(s);

    describe('close', () => {
      it('finishes pending writes, then refuses further use', async () => {
        const pending = s.store.subscriptions.add(subscription('late', alice), 25);
        await s.store.close();
        await pending;
        if (s.other !== s.store) expect((await s.other.subscriptions.list(alice)).map((x) => x.id)).toEqual(['late']);
        await rejectsWith(s.store.subscriptions.list(), 'store_closed');
        await s.store.close(); // a second close is harmless (afterEach closes again)
      });
    });
  });
}

function subscriptionCases(s: Stores): void {
  describe('subscriptions', () => {
    it('starts empty', async () => {
      expect(await s.store.subscriptions.list()).toEqual([]);
      expect(await s.store.subscriptions.list(alice)).toEqual([]);
    });

    it("lists a place's topics in the order they were added, and every topic without a place", async () => {
      await s.store.subscriptions.add(subscription('s2', alice, 'grokking'), 25);
      await s.store.subscriptions.add(subscription('s1', alice, 'diffusion video'), 25);
      await s.store.subscriptions.add(subscription('s3', general, 'agents'), 25);
      expect(await s.other.subscriptions.list(alice)).toEqual([
        subscription('s2', alice, 'grokking'),
        subscription('s1', alice, 'diffusion video'),
      ]);
      expect((await s.other.subscriptions.list()).map((x) => x.id).sort()).toEqual(['s1', 's2', 's3']);
    });

    it('says where an added topic landed', async () => {
      expect(await s.store.subscriptions.add(subscription('a', alice, 'one'), 25)).toEqual({
        outcome: 'added',
        subscription: subscription('a', alice, 'one'),
        position: 1,
      });
      expect(await s.store.subscriptions.add(subscription('b', alice, 'two'), 25)).toMatchObject({ position: 2 });
    });

    it('filters by the whole target (platform, workspace, kind and id)', async () => {
      await s.store.subscriptions.add(subscription('a', general), 25);
      await s.store.subscriptions.add(subscription('b', slackTwin), 25);
      await s.store.subscriptions.add(subscription('c', { ...general, kind: 'user' }), 25);
      await s.store.subscriptions.add(subscription('d', { ...general, workspaceId: '999999999999999999' }), 25);
      expect((await s.store.subscriptions.list(general)).map((x) => x.id)).toEqual(['a']);
      expect((await s.store.subscriptions.list(slackTwin)).map((x) => x.id)).toEqual(['b']);
    });

    it('refuses a topic the place already has (same key), naming the one it has', async () => {
      await s.store.subscriptions.add(subscription('a', alice, 'grokking'), 25);
      await s.store.subscriptions.add(subscription('b', alice, 'In-Context  Learning'), 25);
      const again = { ...subscription('c', alice, 'in-context learning') };
      expect(await s.other.subscriptions.add(again, 25)).toEqual({
        outcome: 'duplicate',
        existing: subscription('b', alice, 'In-Context  Learning'),
        position: 2,
      });
      // Another place may follow the same topic.
      expect((await s.store.subscriptions.add(subscription('d', general, 'grokking'), 25)).outcome).toBe('added');
    });

    it('refuses a topic beyond the limit, saying how many there are', async () => {
      for (let i = 0; i < 3; i++) await s.store.subscriptions.add(subscription(`t${i}`, alice), 3);
      expect(await s.other.subscriptions.add(subscription('t9', alice), 3)).toEqual({
        outcome: 'limit_reached',
        count: 3,
      });
      expect((await s.store.subscriptions.add(subscription('g', general), 3)).outcome).toBe('added');
    });

    it('many concurrent adds of the same topic, from two instances, leave one', async () => {
      const tries = Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? s.other : s.store).subscriptions.add(subscription(`same${i}`, alice, 'Grokking'), 25),
      );
      const outcomes = (await Promise.all(tries)).map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'added')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(19);
      expect(await s.store.subscriptions.list(alice)).toHaveLength(1);
    });

    it('26 concurrent adds to one place, from two instances, leave 25', async () => {
      const tries = Array.from({ length: 26 }, (_, i) =>
        (i % 2 ? s.other : s.store).subscriptions.add(subscription(`n${i}`, general, `topic ${i}`), 25),
      );
      const outcomes = (await Promise.all(tries)).map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'added')).toHaveLength(25);
      expect(outcomes.filter((o) => o === 'limit_reached')).toHaveLength(1);
      expect(await s.other.subscriptions.list(general)).toHaveLength(25);
    });

    it('loses no add when many different ones run at once', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
      await Promise.all(
        ids.map((id, i) => (i % 2 ? s.other : s.store).subscriptions.add(subscription(id, alice), 100)),
      );
      expect((await s.store.subscriptions.list(alice)).map((x) => x.id).sort()).toEqual([...ids].sort());
    });

    it('copies values in and out: callers cannot change stored state', async () => {
      const input = subscription('s1', alice, 'grokking');
      await s.store.subscriptions.add(input, 25);
      input.topic = 'changed after add';
      input.target.id = 'someone else';
      const [out] = await s.store.subscriptions.list(alice);
      out!.topic = 'changed after list';
      out!.target.kind = 'channel';
      expect(await s.store.subscriptions.list(alice)).toEqual([subscription('s1', alice, 'grokking')]);
    });

    it('refuses a second subscription with the same id, and an invalid record, storing nothing', async () => {
      await s.store.subscriptions.add(subscription('s1', alice, 'first'), 25);
      await rejectsWith(s.store.subscriptions.add(subscription('s1', alice, 'second'), 25), 'duplicate_id');
      await rejectsWith(s.store.subscriptions.add({ ...subscription('s2', alice), topic: '' }, 25), 'invalid_record');
      const badTarget = { ...subscription('s3', alice), target: { ...alice, kind: 'team' } } as unknown as Subscription;
      await rejectsWith(s.store.subscriptions.add(badTarget, 25), 'invalid_record');
      expect((await s.store.subscriptions.list()).map((x) => x.topic)).toEqual(['first']);
    });

    it('removes by place and id, and says whether anything was removed', async () => {
      await s.store.subscriptions.add(subscription('s1', alice), 25);
      await s.store.subscriptions.add(subscription('s2', alice), 25);
      expect(await s.store.subscriptions.remove(general, 's1')).toBe(false);
      expect(await s.other.subscriptions.remove(alice, 's1')).toBe(true);
      expect(await s.store.subscriptions.remove(alice, 's1')).toBe(false);
      expect((await s.store.subscriptions.list()).map((x) => x.id)).toEqual(['s2']);
    });
  });
}

function digestCases(s: Stores): void {
  describe('digest schedules', () => {
    it('puts, gets and lists schedules by target', async () => {
      expect(await s.store.digests.get(general)).toBeUndefined();
      await s.store.digests.put(schedule(general, '09:00'));
      await s.store.digests.put(schedule(slackTwin, '10:30'));
      expect(await s.other.digests.get(general)).toEqual(schedule(general, '09:00'));
      expect(await s.other.digests.get(slackTwin)).toEqual(schedule(slackTwin, '10:30'));
      expect(await s.other.digests.get(alice)).toBeUndefined();
      expect((await s.other.digests.list()).map((x) => x.time).sort()).toEqual(['09:00', '10:30']);
    });

    it('replaces the settings of a target, keeping the service-kept last delivery', async () => {
      await s.store.digests.put(schedule(general, '09:00'));
      const last = {
        listDate: '2026-11-26',
        state: 'done' as const,
        posted: 3,
        total: 3,
        at: '2026-11-27T08:00:00.000Z',
      };
      expect(await s.store.digests.patch(general, { last, dueAt: '2026-11-28T08:00:00.000Z' })).toBe(true);
      await s.other.digests.put({ ...schedule(general, '18:45'), last: { ...last, posted: 99 } });
      expect(await s.store.digests.list()).toEqual([{ ...schedule(general, '18:45'), last }]);
    });

    it('patches only an existing schedule; dueAt null clears it', async () => {
      expect(await s.store.digests.patch(general, { dueAt: '2026-11-28T08:00:00.000Z' })).toBe(false);
      expect(await s.store.digests.list()).toEqual([]);
      await s.store.digests.put(schedule(general));
      await s.store.digests.patch(general, { dueAt: '2026-11-28T08:00:00.000Z' });
      expect((await s.other.digests.get(general))!.dueAt).toBe('2026-11-28T08:00:00.000Z');
      const disabled = { reason: 'Unknown Channel (10003)', at: '2026-11-28T08:01:00.000Z' };
      await s.store.digests.patch(general, { dueAt: null, disabled });
      expect(await s.other.digests.get(general)).toEqual({ ...schedule(general), disabled });
    });

    it('answers who is due: enabled, not disabled, dueAt absent or passed', async () => {
      const at = (iso: string) => new Date(iso);
      await s.store.digests.put({ ...schedule(general), dueAt: '2026-11-28T08:00:00.000Z' });
      await s.store.digests.put({ ...schedule(slackTwin), dueAt: '2026-11-28T09:00:00.000Z' });
      await s.store.digests.put(schedule(alice)); // never checked yet: due
      await s.store.digests.put({ ...schedule({ ...alice, id: 'off' }), enabled: false });
      await s.store.digests.put({ ...schedule({ ...alice, id: 'gone' }), disabled: { reason: 'x', at: 'y' } });
      const due = async (iso: string) =>
        (await s.other.digests.due(at(iso))).map((x) => x.target.platform + x.target.id).sort();
      expect(await due('2026-11-28T07:59:59.999Z')).toEqual(['discord222222222222222222']);
      expect(await due('2026-11-28T08:00:00.000Z')).toEqual(['discord222222222222222222', 'discord333333333333333333']);
      expect(await due('2026-11-28T10:00:00.000Z')).toHaveLength(3);
    });

    it('copies values in and out, and refuses an invalid schedule', async () => {
      const input = schedule(general);
      await s.store.digests.put(input);
      input.top = 99;
      const out = await s.store.digests.get(general);
      out!.minUpvotes = 42;
      (await s.store.digests.list())[0]!.time = '23:59';
      expect(await s.store.digests.get(general)).toEqual(schedule(general));
      await rejectsWith(s.store.digests.put({ ...schedule(slackTwin), time: '9am' }), 'invalid_record');
      await rejectsWith(s.store.digests.put({ ...schedule(slackTwin), top: 0 }), 'invalid_record');
      await rejectsWith(s.store.digests.patch(general, { dueAt: '' }), 'invalid_record');
      expect(await s.store.digests.list()).toEqual([schedule(general)]);
    });

    it('removes by target and says whether anything was removed', async () => {
      await s.store.digests.put(schedule(general));
      await s.store.digests.put(schedule(slackTwin));
      expect(await s.other.digests.remove(general)).toBe(true);
      expect(await s.store.digests.remove(general)).toBe(false);
      expect(await s.store.digests.list()).toEqual([schedule(slackTwin)]);
    });
  });
}

function onceAndMetaCases(s: Stores): void {
  describe('once-keys', () => {
    const t0 = new Date('2026-11-27T10:00:00.000Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);

    it('gives a key once while it lives, and again after it expired', async () => {
      expect(await s.store.once.claim('alert:general:2411.00001', t0, 60_000)).toBe(true);
      expect(await s.other.once.claim('alert:general:2411.00001', later(59_999), 60_000)).toBe(false);
      expect(await s.store.once.claim('alert:general:2411.00002', t0, 60_000)).toBe(true);
      expect(await s.other.once.claim('alert:general:2411.00001', later(60_000), 60_000)).toBe(true);
    });

    it('many concurrent claims of one key, from two instances, succeed once', async () => {
      const tries = Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? s.other : s.store).once.claim('sig:abc', t0, 300_000),
      );
      expect((await Promise.all(tries)).filter(Boolean)).toHaveLength(1);
    });
  });

  describe('meta values', () => {
    it('creates a value once; every instance gets the first one', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? s.other : s.store).meta.getOrCreate('button-key', () => `key-${i}`),
        ),
      );
      expect(new Set(results).size).toBe(1);
      expect(await s.other.meta.getOrCreate('button-key', () => 'another')).toBe(results[0]);
      expect(await s.store.meta.getOrCreate('other-key', () => 'v2')).toBe('v2');
    });
  });
}
