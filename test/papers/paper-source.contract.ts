import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaperboyError } from '../../src/errors.js';
import type { PaperSource } from '../../src/papers/source.js';

/**
 * The PaperSource contract, run against every implementation (CachedSource over a
 * loopback Hugging Face serving the bundled sample, and SampleSource). Both see the
 * same 22 recorded days, 2026-07-23 … 2026-08-21, so they must give the same answers.
 */
export interface ContractSubject {
  source: PaperSource;
  /** The `now` to pass to today() and what today() must answer for it */
  now: Date;
  today: string;
  stop?: () => Promise<void>;
}

const badInput = async (p: Promise<unknown>, pattern: RegExp): Promise<void> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PaperboyError);
  expect((err as PaperboyError).code).toBe('bad_input');
  expect((err as PaperboyError).message).toMatch(pattern);
};

export function paperSourceContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`PaperSource contract: ${name}`, () => {
    let s: ContractSubject;
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s.stop?.();
    });

    it('today() names the newest day it speaks for', () => {
      expect(s.source.today(s.now)).toBe(s.today);
    });

    it('day() returns that list in upstream order, normalised, with its date', async () => {
      const got = await s.source.day('2026-08-21');
      expect(got.value).toHaveLength(17);
      expect(got.value[0]).toMatchObject({
        id: '2608.19880',
        upvotes: 163,
        githubStars: 8,
        organization: { name: 'google' },
      });
      expect(got.value.every((p) => p.day === '2026-08-21')).toBe(true);
      expect(typeof got.fetchedAt).toBe('number');
      expect(got.stale).toBeUndefined();
    });

    it('day() of a weekend or a day with no list is empty', async () => {
      expect((await s.source.day('2026-08-22')).value).toEqual([]);
      expect((await s.source.day('2026-08-23')).value).toEqual([]);
    });

    it('day() of a future date is empty', async () => {
      expect((await s.source.day('2031-01-06')).value).toEqual([]);
    });

    it('day() rejects a date that does not exist, saying what works', async () => {
      await badInput(s.source.day('2026-02-30'), /not a date.*YYYY-MM-DD/);
    });

    it('week() is the union of its days', async () => {
      const got = await s.source.week('2026-W34');
      expect(got.value).toHaveLength(23 + 29 + 26 + 15 + 17);
      expect(got.value.every((p) => p.day! >= '2026-08-17' && p.day! <= '2026-08-21')).toBe(true);
      expect(got.value.map((p) => p.id)).toContain('2608.19880');
      await badInput(s.source.week('2026-W60'), /ISO week/);
    });

    it('month() covers only that month', async () => {
      const got = await s.source.month('2026-08');
      const expected = [22, 26, 25, 26, 20, 21, 20, 20, 20, 23, 23, 29, 26, 15, 17].reduce((a, b) => a + b);
      expect(got.value).toHaveLength(expected);
      expect(got.value.every((p) => p.day!.startsWith('2026-08-'))).toBe(true);
      await badInput(s.source.month('2026-13'), /not a month/);
    });

    it('search() finds a paper by its words and nothing for gibberish', async () => {
      const hit = await s.source.search('EnvHarness');
      expect(hit.value.map((p) => p.id)).toContain('2608.19880');
      expect((await s.source.search('qqzzxv wplkj')).value).toEqual([]);
      await badInput(s.source.search('   '), /words to search/);
    });

    it('paper() finds an id with or without version, and undefined for an unknown one', async () => {
      const got = await s.source.paper('2608.19880');
      expect(got.value?.title).toBe('EnvHarness: Awakening Static Worlds for Agent Learning');
      expect((await s.source.paper('2608.19880v2')).value?.id).toBe('2608.19880');
      expect((await s.source.paper('2699.99999')).value).toBeUndefined();
    });

    it('asking twice gives the same answer', async () => {
      const a = await s.source.day('2026-08-20');
      const b = await s.source.day('2026-08-20');
      expect(b.value).toEqual(a.value);
    });
  });
}
