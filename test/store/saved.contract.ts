import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import type { SavedPaper } from '../../src/store/store.js';
import { alice, general, rejectsWith, slackTwin, withStores, type StoreFactory } from './contract-fixtures.js';

/** A saved-paper entry for the contract: `paperId` decides what counts as the same paper. */
export const savedEntry = (
  id: string,
  target: Target,
  paperId = `2608.${id.padStart(5, '1').slice(-5)}`,
): SavedPaper => ({
  id,
  target: { ...target },
  paper: {
    id: paperId,
    title: `Paper ${paperId}`,
    authors: ['Zoë Ångström', 'J. Doe'],
    publishedAt: '2026-08-20T00:00:00.000Z',
    summary: 'An abstract.',
    upvotes: 3,
    aiKeywords: ['kw'],
  },
  savedBy: 'U1',
  savedAt: '2026-11-27T10:00:00.000Z',
});

/**
 * The reading-list rules every engine keeps: no duplicate (place, paper), at most
 * `limit` per place, removal by entry id — decided in one atomic step even when adds
 * race, on one instance and between two.
 */
export function savedContract(name: string, factory: StoreFactory): void {
  describe(`Saved papers contract: ${name}`, () => {
    const s = withStores(factory);

    it('starts empty and lists a place in the order saved', async () => {
      expect(await s.store.saved.list(alice)).toEqual([]);
      await s.store.saved.add(savedEntry('b', alice, '2608.00002'), 500);
      await s.store.saved.add(savedEntry('a', alice, '2608.00001'), 500);
      await s.store.saved.add(savedEntry('c', general, '2608.00002'), 500);
      expect(await s.other.saved.list(alice)).toEqual([
        savedEntry('b', alice, '2608.00002'),
        savedEntry('a', alice, '2608.00001'),
      ]);
      expect((await s.other.saved.list(general)).map((s) => s.id)).toEqual(['c']);
      expect(await s.other.saved.list(slackTwin)).toEqual([]);
      // Every place's entries without a target (what store:copy moves).
      expect((await s.other.saved.list()).map((s) => s.id).sort()).toEqual(['a', 'b', 'c']);
    });

    it('says where an entry landed, and refuses the same paper twice in one place', async () => {
      expect(await s.store.saved.add(savedEntry('a', alice, '2608.00001'), 500)).toEqual({
        outcome: 'added',
        saved: savedEntry('a', alice, '2608.00001'),
        position: 1,
      });
      await s.store.saved.add(savedEntry('b', alice, '2608.00002'), 500);
      expect(await s.other.saved.add(savedEntry('c', alice, '2608.00001'), 500)).toEqual({
        outcome: 'duplicate',
        existing: savedEntry('a', alice, '2608.00001'),
        position: 1,
      });
      // The same paper in another place is another entry.
      expect(await s.other.saved.add(savedEntry('d', general, '2608.00001'), 500)).toMatchObject({ outcome: 'added' });
    });

    it('stops at the limit, per place', async () => {
      for (const id of ['a', 'b', 'c'])
        await s.store.saved.add(savedEntry(id, alice, `2608.0000${id.charCodeAt(0) - 96}`), 3);
      expect(await s.other.saved.add(savedEntry('d', alice, '2608.00004'), 3)).toEqual({
        outcome: 'limit_reached',
        count: 3,
      });
      expect(await s.other.saved.add(savedEntry('e', general, '2608.00004'), 3)).toMatchObject({ outcome: 'added' });
      expect(await s.store.saved.list(alice)).toHaveLength(3);
    });

    it('removes by entry id in its own place only', async () => {
      await s.store.saved.add(savedEntry('a', alice, '2608.00001'), 500);
      await s.store.saved.add(savedEntry('b', alice, '2608.00002'), 500);
      expect(await s.other.saved.remove(general, 'a')).toBe(false);
      expect(await s.other.saved.remove(alice, 'a')).toBe(true);
      expect(await s.other.saved.remove(alice, 'a')).toBe(false);
      expect((await s.store.saved.list(alice)).map((s) => s.id)).toEqual(['b']);
      // Removed, the paper can be saved again.
      expect(await s.store.saved.add(savedEntry('c', alice, '2608.00001'), 500)).toMatchObject({ position: 2 });
    });

    it('refuses an entry id that is taken, and an invalid record', async () => {
      await s.store.saved.add(savedEntry('a', alice, '2608.00001'), 500);
      await rejectsWith(s.other.saved.add(savedEntry('a', alice, '2608.00002'), 500), 'duplicate_id');
      const broken = { ...savedEntry('x', alice), paper: { id: '' } } as unknown as SavedPaper;
      await rejectsWith(s.store.saved.add(broken, 500), 'invalid_record');
      expect(await s.store.saved.list(alice)).toHaveLength(1);
    });

    it('keeps one entry when the same paper is saved 20 times at once, from two instances', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? s.other : s.store).saved.add(savedEntry(`same-${i}`, general, '2608.19880'), 500),
        ),
      );
      expect(results.filter((r) => r.outcome === 'added')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(19);
      expect(await s.other.saved.list(general)).toHaveLength(1);
    });

    it('stops at the limit when limit + 1 different papers are saved at once', async () => {
      const limit = 12;
      const results = await Promise.all(
        Array.from({ length: limit + 1 }, (_, i) =>
          (i % 2 ? s.other : s.store).saved.add(savedEntry(`p${i}`, alice, `2608.${String(10000 + i)}`), limit),
        ),
      );
      expect(results.filter((r) => r.outcome === 'added')).toHaveLength(limit);
      expect(results.filter((r) => r.outcome === 'limit_reached')).toEqual([
        { outcome: 'limit_reached', count: limit },
      ]);
      expect(await s.store.saved.list(alice)).toHaveLength(limit);
    });
  });
}
