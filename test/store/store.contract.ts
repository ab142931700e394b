import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import type { Target } from '../../src/caller.js';
import type { Delivery, DigestSchedule, Store, Subscription } from '../../src/store/store.js';
import { StoreError } from '../../src/store/store-error.js';

/**
 * The one contract every Store implementation passes (DESIGN.md: one contract suite per
 * interface). `open` makes a fresh, empty store; `cleanup` removes whatever it left.
 */
export interface StoreFactory {
  open(): Promise<Store>;
  cleanup?(): Promise<void>;
}

export const alice: Target = {
  platform: 'discord',
  workspaceId: '111111111111111111',
  kind: 'user',
  id: '222222222222222222',
};
export const general: Target = {
  platform: 'discord',
  workspaceId: '111111111111111111',
  kind: 'channel',
  id: '333333333333333333',
};
/** Same ids as `general`, on another platform: must never be confused with it. */
export const slackTwin: Target = { ...general, platform: 'slack' };

export const subscription = (id: string, target: Target, topic = `topic ${id}`): Subscription => ({
  id,
  target: { ...target },
  topic,
  createdBy: 'U1',
  createdAt: '2026-11-27T10:00:00.000Z',
});

export const schedule = (target: Target, time = '09:00'): DigestSchedule => ({
  target: { ...target },
  time,
  timezone: 'Europe/Berlin',
  top: 5,
  minUpvotes: 0,
  days: 'weekdays',
  enabled: true,
  createdBy: 'U1',
  createdAt: '2026-11-27T10:00:00.000Z',
});

export const delivery = (target: Target, listDate: string, state: Delivery['state'] = 'planned'): Delivery => ({
  target: { ...target },
  listDate,
  state,
  paperIds: ['2411.00001', '2411.00002'],
  posted: [],
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
});

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a StoreError ${code}`).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup?.();
    });

    describe('subscriptions', () => {
      it('starts empty', async () => {
        expect(await store.subscriptions.list()).toEqual([]);
        expect(await store.subscriptions.list(alice)).toEqual([]);
      });

      it('lists what was added, in the order it was added', async () => {
        await store.subscriptions.add(subscription('s2', alice, 'grokking'));
        await store.subscriptions.add(subscription('s1', alice, 'diffusion video'));
        await store.subscriptions.add(subscription('s3', general, 'agents'));
        expect((await store.subscriptions.list(alice)).map((s) => s.topic)).toEqual(['grokking', 'diffusion video']);
        expect((await store.subscriptions.list()).map((s) => s.id)).toEqual(['s2', 's1', 's3']);
        expect(await store.subscriptions.list(alice)).toEqual([
          subscription('s2', alice, 'grokking'),
          subscription('s1', alice, 'diffusion video'),
        ]);
      });

      it('filters by the whole target (platform, workspace, kind and id)', async () => {
        await store.subscriptions.add(subscription('a', general));
        await store.subscriptions.add(subscription('b', slackTwin));
        await store.subscriptions.add(subscription('c', { ...general, kind: 'user' }));
        await store.subscriptions.add(subscription('d', { ...general, workspaceId: '999999999999999999' }));
        expect((await store.subscriptions.list(general)).map((s) => s.id)).toEqual(['a']);
        expect((await store.subscriptions.list(slackTwin)).map((s) => s.id)).toEqual(['b']);
      });

      it('copies values in and out: callers cannot change stored state', async () => {
        const input = subscription('s1', alice, 'grokking');
        await store.subscriptions.add(input);
        input.topic = 'changed after add';
        input.target.id = 'someone else';
        const [out] = await store.subscriptions.list(alice);
        expect(out!.topic).toBe('grokking');
        out!.topic = 'changed after list';
        out!.target.kind = 'channel';
        expect(await store.subscriptions.list(alice)).toEqual([subscription('s1', alice, 'grokking')]);
      });

      it('refuses a second subscription with the same id', async () => {
        await store.subscriptions.add(subscription('s1', alice, 'first'));
        await rejectsWith(store.subscriptions.add(subscription('s1', general, 'second')), 'duplicate_id');
        expect((await store.subscriptions.list()).map((s) => s.topic)).toEqual(['first']);
      });

      it('refuses an invalid record and stores nothing', async () => {
        await rejectsWith(store.subscriptions.add({ ...subscription('s1', alice), topic: '' }), 'invalid_record');
        const badTarget = {
          ...subscription('s2', alice),
          target: { ...alice, kind: 'team' },
        } as unknown as Subscription;
        await rejectsWith(store.subscriptions.add(badTarget), 'invalid_record');
        expect(await store.subscriptions.list()).toEqual([]);
      });

      it('removes by id and says whether anything was removed', async () => {
        await store.subscriptions.add(subscription('s1', alice));
        await store.subscriptions.add(subscription('s2', alice));
        expect(await store.subscriptions.remove('s1')).toBe(true);
        expect(await store.subscriptions.remove('s1')).toBe(false);
        expect(await store.subscriptions.remove('never')).toBe(false);
        expect((await store.subscriptions.list()).map((s) => s.id)).toEqual(['s2']);
      });

      it('rejects only the duplicate among changes made at the same moment', async () => {
        const results = await Promise.allSettled([
          store.subscriptions.add(subscription('s1', alice, 'first')),
          store.subscriptions.add(subscription('s1', alice, 'same id')),
          store.subscriptions.add(subscription('s2', alice, 'second')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(((results[1] as PromiseRejectedResult).reason as StoreError).code).toBe('duplicate_id');
        expect((await store.subscriptions.list()).map((s) => s.topic)).toEqual(['first', 'second']);
      });

      it('loses no update when many adds run concurrently', async () => {
        const ids = Array.from({ length: 40 }, (_, i) => `c${i}`);
        await Promise.all(ids.map((id) => store.subscriptions.add(subscription(id, alice))));
        expect((await store.subscriptions.list(alice)).map((s) => s.id).sort()).toEqual([...ids].sort());
      });
    });

    describe('digests', () => {
      it('puts, gets and lists schedules by target', async () => {
        expect(await store.digests.get(general)).toBeUndefined();
        await store.digests.put(schedule(general, '09:00'));
        await store.digests.put(schedule(slackTwin, '10:30'));
        expect(await store.digests.get(general)).toEqual(schedule(general, '09:00'));
        expect(await store.digests.get(slackTwin)).toEqual(schedule(slackTwin, '10:30'));
        expect(await store.digests.get(alice)).toBeUndefined();
        expect((await store.digests.list()).map((s) => s.time)).toEqual(['09:00', '10:30']);
      });

      it('replaces the schedule of a target instead of adding a second one', async () => {
        await store.digests.put(schedule(general, '09:00'));
        const disabled = {
          ...schedule(general, '18:45'),
          enabled: false,
          disabled: { reason: 'channel deleted', at: '2026-11-28T08:00:00.000Z' },
        };
        await store.digests.put(disabled);
        expect(await store.digests.list()).toEqual([disabled]);
      });

      it('copies values in and out', async () => {
        const input = schedule(general);
        await store.digests.put(input);
        input.top = 99;
        const out = await store.digests.get(general);
        out!.minUpvotes = 42;
        (await store.digests.list())[0]!.time = '23:59';
        expect(await store.digests.get(general)).toEqual(schedule(general));
      });

      it('refuses an invalid schedule', async () => {
        await rejectsWith(store.digests.put({ ...schedule(general), time: '9am' }), 'invalid_record');
        await rejectsWith(store.digests.put({ ...schedule(general), top: 0 }), 'invalid_record');
        expect(await store.digests.list()).toEqual([]);
      });

      it('removes by target and says whether anything was removed', async () => {
        await store.digests.put(schedule(general));
        await store.digests.put(schedule(slackTwin));
        expect(await store.digests.remove(general)).toBe(true);
        expect(await store.digests.remove(general)).toBe(false);
        expect(await store.digests.list()).toEqual([schedule(slackTwin)]);
      });
    });

    describe('deliveries', () => {
      it('inserts and replaces the row for (target, listDate)', async () => {
        expect(await store.deliveries.get(general, '2026-11-26')).toBeUndefined();
        await store.deliveries.put(delivery(general, '2026-11-26', 'planned'));
        const done = {
          ...delivery(general, '2026-11-26', 'done'),
          posted: ['2411.00001', '2411.00002'],
          threadId: 't1',
          parentId: 'm1',
        };
        await store.deliveries.put(done);
        expect(await store.deliveries.get(general, '2026-11-26')).toEqual(done);
        expect(await store.deliveries.since(general, '2000-01-01')).toEqual([done]);
      });

      it('keeps targets and dates apart', async () => {
        await store.deliveries.put(delivery(general, '2026-11-26', 'done'));
        await store.deliveries.put(delivery(slackTwin, '2026-11-26', 'failed'));
        await store.deliveries.put(delivery(general, '2026-11-25', 'skipped'));
        expect((await store.deliveries.get(general, '2026-11-26'))!.state).toBe('done');
        expect((await store.deliveries.get(slackTwin, '2026-11-26'))!.state).toBe('failed');
        expect((await store.deliveries.get(general, '2026-11-25'))!.state).toBe('skipped');
        expect(await store.deliveries.get(slackTwin, '2026-11-25')).toBeUndefined();
      });

      it('lists rows since a date (inclusive), oldest first', async () => {
        for (const date of ['2026-11-24', '2026-11-20', '2026-11-26', '2026-11-23']) {
          await store.deliveries.put(delivery(general, date));
        }
        await store.deliveries.put(delivery(slackTwin, '2026-11-25'));
        expect((await store.deliveries.since(general, '2026-11-23')).map((d) => d.listDate)).toEqual([
          '2026-11-23',
          '2026-11-24',
          '2026-11-26',
        ]);
        expect(await store.deliveries.since(general, '2026-11-27')).toEqual([]);
      });

      it('copies values in and out', async () => {
        const input = delivery(general, '2026-11-26');
        await store.deliveries.put(input);
        input.paperIds.push('mutated');
        const out = await store.deliveries.get(general, '2026-11-26');
        out!.posted.push('mutated');
        (await store.deliveries.since(general, '2026-01-01'))[0]!.state = 'done';
        expect(await store.deliveries.get(general, '2026-11-26')).toEqual(delivery(general, '2026-11-26'));
      });

      it('refuses an invalid row', async () => {
        await rejectsWith(
          store.deliveries.put({ ...delivery(general, '2026-11-26'), listDate: '26/11/2026' }),
          'invalid_record',
        );
        await rejectsWith(
          store.deliveries.put({ ...delivery(general, '2026-11-26'), state: 'lost' as Delivery['state'] }),
          'invalid_record',
        );
        expect(await store.deliveries.since(general, '2000-01-01')).toEqual([]);
      });

      it('loses no update when puts for different rows run concurrently', async () => {
        const dates = Array.from({ length: 30 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
        await Promise.all(dates.map((d) => store.deliveries.put(delivery(general, d, 'done'))));
        expect((await store.deliveries.since(general, '2026-10-01')).map((d) => d.listDate)).toEqual(dates);
      });

      it('applies concurrent puts to the same row in call order (last one wins)', async () => {
        const states: Delivery['state'][] = ['planned', 'posting', 'done'];
        await Promise.all(states.map((s) => store.deliveries.put(delivery(general, '2026-11-26', s))));
        expect((await store.deliveries.get(general, '2026-11-26'))!.state).toBe('done');
      });
    });

    describe('close', () => {
      it('finishes pending writes, then refuses further use', async () => {
        const pending = store.subscriptions.add(subscription('late', alice));
        await store.close();
        await pending;
        await rejectsWith(store.subscriptions.list(), 'store_closed');
        await rejectsWith(store.deliveries.put(delivery(general, '2026-11-26')), 'store_closed');
        await store.close(); // a second close is harmless (afterEach closes again)
      });
    });
  });
}
