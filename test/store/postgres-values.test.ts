import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { silentLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { DigestSchedule, Lease, Store } from '../../src/store/store.js';
import { describeIfPg, dropSchemasLike, pgUrl, testSchema } from './pg-env.js';
import { schedule } from './store.contract.js';

/**
 * Whole classes of input, answered by PostgreSQL exactly as by the memory store (the
 * reference: the rules of src/store/rules.ts run directly). Strings PostgreSQL's text
 * type cannot hold, list-date bounds of any characters, due times of any form.
 */
const base = testSchema('values');
let n = 0;

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const stringOf = (r: () => number, alphabet: readonly string[], max: number): string =>
  Array.from({ length: Math.floor(r() * (max + 1)) }, () => pick(r, alphabet)).join('');

/** NUL, lone and paired surrogates, escapes, quotes, the ends of the BMP, JSON's specials. */
const HOSTILE = [
  '\u0000',
  '\u0001',
  '\\',
  '\\u0000',
  '"',
  "'",
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '\uffff',
  '\ue000',
  ' ',
  '\n',
  ':',
  '%',
  'a',
  'Z',
];

const t0 = new Date('2026-11-27T10:00:00.000Z');
const lease = (owner: string, now = t0): Lease => ({ owner, now, ms: 60_000 });
const place = (id: string, workspaceId = 'W1'): Target => ({ platform: 'slack', workspaceId, kind: 'channel', id });

describeIfPg('PostgreSQL answers every input as the memory store does', () => {
  let pg: Store;
  let memory: Store;
  beforeEach(async () => {
    pg = await openPostgresStore({ url: pgUrl!, schema: `${base}_${n++}`, logger: silentLogger });
    memory = new MemoryStore();
  });
  afterEach(() => pg.close());
  afterAll(() => dropSchemasLike(base));

  /** Run the same steps on both stores; their answers must be equal. */
  async function same<T>(steps: (store: Store) => Promise<T>): Promise<T> {
    const expected = await steps(memory);
    expect(await steps(pg)).toEqual(expected);
    return expected;
  }

  it('keeps strings PostgreSQL text cannot hold, in every field and every key, and keeps different ones apart', async () => {
    const r = random(7);
    const strings = [
      ...Array.from({ length: 40 }, () => stringOf(r, HOSTILE, 6)),
      'x\ud800',
      'x\ud801',
      'x\\ud800',
      'x\u0000',
      'x\\u0000',
      'x',
    ];
    await same(async (store) => {
      const answers: unknown[] = [];
      for (const [i, s] of strings.entries()) {
        const target = place(`C${s}`, s);
        const topic = `t${s}`;
        answers.push(
          await store.subscriptions.add(
            { id: `id${i}${s}`, target, topic, key: topic.toLowerCase(), createdBy: s, createdAt: s || 'now' },
            25,
          ),
        );
        await store.digests.put({ ...schedule(target), createdBy: s, timezone: `Z${s}`, dueAt: `d${s}` });
        const claim = await store.deliveries.claim(target, '2026-11-26', lease(s));
        const row = { ...claim.row, state: 'posting' as const, paperIds: [s], posted: [s], note: s, threadId: s };
        answers.push(await store.deliveries.update(row, lease(s)));
        answers.push(await store.once.claim(`once${s}`, t0, 60_000));
        answers.push(await store.meta.getOrCreate(`name${s}`, () => `value${s}`));
      }
      for (const s of strings) {
        const target = place(`C${s}`, s);
        answers.push(await store.subscriptions.list(target), await store.digests.get(target));
        answers.push(
          await store.deliveries.since(target, '2026'),
          await store.deliveries.claim(target, '2026-11-26', lease(s)),
        );
        answers.push(
          await store.once.claim(`once${s}`, t0, 60_000),
          await store.subscriptions.remove(target, `id0${s}`),
        );
      }
      answers.push((await store.subscriptions.list()).length, (await store.digests.list()).length);
      return answers;
    });
  });

  it('compares list-date bounds of any characters as JavaScript compares strings (since, get, prune)', async () => {
    const dates = [
      '1999-12-31',
      '2026-01-01',
      '2026-11-26',
      '2026-11-27',
      '2026-01-04+week',
      '2026-11-29+week',
      '2027-01-01',
    ];
    const BOUND = [
      '0',
      '1',
      '2',
      '6',
      '9',
      '-',
      'W',
      '+',
      'w',
      '\u0000',
      '\u001f',
      ' ',
      '~',
      '\u007f',
      'é',
      '\ud800',
      '😀',
      '.',
    ];
    const r = random(11);
    const bounds = [
      '',
      ...Array.from({ length: 150 }, () => {
        const d = pick(r, dates);
        return d.slice(0, Math.floor(r() * (d.length + 1))) + stringOf(r, BOUND, 3);
      }),
    ];
    await same(async (store) => {
      for (const d of dates) {
        await store.deliveries.claim(place('A'), d, lease('a'));
        await store.deliveries.claim(place('B'), d, lease('a'));
      }
      const answers: unknown[] = [];
      for (const b of bounds) {
        answers.push((await store.deliveries.since(place('A'), b)).map((x) => x.listDate));
        answers.push((await store.deliveries.get(place('A'), b))?.listDate ?? null);
      }
      for (const b of [...bounds].sort().slice(0, 60)) answers.push(await store.deliveries.prune(b));
      answers.push((await store.deliveries.since(place('B'), '')).map((x) => x.listDate));
      return answers;
    });
  });

  it('answers who is due for dueAt and now of every form: unparseable, offsets, dates only, the ends of time', async () => {
    const dueAts = [
      undefined,
      '2026-11-28T08:00:00.000Z',
      '2026-11-28T09:00:00+01:00',
      '2026-11-28',
      'Sat, 28 Nov 2026 08:00:00 GMT',
      'soon',
      '\u0000',
      '+275760-09-13T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '2026-11-28T08:00:00.001Z',
    ];
    const nows = [
      new Date('2026-11-28T07:59:59.999Z'),
      new Date('2026-11-28T08:00:00.000Z'),
      new Date('2026-11-28T08:00:00.001Z'),
      new Date(8.64e15),
      new Date(-8.64e15),
      new Date(NaN),
    ];
    await same(async (store) => {
      const all: DigestSchedule[] = dueAts.flatMap((dueAt, i) => [
        { ...schedule(place(`on${i}`)), ...(dueAt === undefined ? {} : { dueAt }) },
        { ...schedule(place(`off${i}`)), enabled: false, ...(dueAt === undefined ? {} : { dueAt }) },
        {
          ...schedule(place(`gone${i}`)),
          disabled: { reason: 'gone', at: 'x' },
          ...(dueAt === undefined ? {} : { dueAt }),
        },
      ]);
      for (const s of all) await store.digests.put(s);
      const answers: string[][] = [];
      for (const now of nows) answers.push((await store.digests.due(now)).map((s) => s.target.id).sort());
      // Clearing and setting dueAt moves a schedule in and out of the due index.
      await store.digests.patch(place('on1'), { dueAt: null });
      await store.digests.patch(place('on0'), { dueAt: '2030-01-01T00:00:00.000Z' });
      await store.digests.patch(place('on2'), { disabled: { reason: 'gone', at: 'y' } });
      answers.push((await store.digests.due(nows[1]!)).map((s) => s.target.id).sort());
      return answers;
    });
  });

  describe('limits and positions for any limit', () => {
    it.each([0, 1, 3, 2.5, -1, Number.MAX_SAFE_INTEGER, Infinity, NaN])('limit %s', async (limit) => {
      await same(async (store) => {
        const out: unknown[] = [];
        for (let i = 0; i < 4; i++) {
          out.push(
            await store.subscriptions.add(
              { id: `s${i}`, target: place('L'), topic: `t${i % 3}`, key: `t${i % 3}`, createdBy: 'u', createdAt: 'c' },
              limit,
            ),
          );
        }
        return out;
      });
    });
  });
});
