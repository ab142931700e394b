import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/caller.js';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { COPY_OWNER, copyStore } from '../../src/store/postgres/copy.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { Delivery, Lease, Store } from '../../src/store/store.js';
import { describeIfPg, dropSchemasLike, pgUrl, testSchema } from './pg-env.js';
import { installation } from './installations.contract.js';
import { alice, general, schedule, slackTwin, subscription } from './store.contract.js';
import { savedEntry } from './saved.contract.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/copy-store.ts', import.meta.url));
const base = testSchema('copy');
let n = 0;
const t0 = new Date('2026-11-27T10:00:00.000Z');
const lease = (owner: string, ms = 60_000, now = t0): Lease => ({ owner, now, ms });
const places: Target[] = [general, slackTwin, alice];

/** A JSON store as a running bot leaves it: topics (more than 25 in one place), schedules, a ledger mid-flight. */
async function seed(store: Store): Promise<void> {
  for (let i = 0; i < 30; i++) await store.subscriptions.add(subscription(`g${i}`, general, `topic ${29 - i}`), 100);
  await store.subscriptions.add(subscription('s1', slackTwin, 'grokking'), 25);
  await store.subscriptions.add(subscription('a1', alice, '"in-context learning" OR ICL'), 25);
  await store.digests.put({ ...schedule(general), dueAt: '2026-11-30T08:00:00.000Z' });
  await store.digests.patch(general, {
    last: { listDate: '2026-11-26', state: 'done', posted: 2, total: 2, at: '2026-11-27T08:01:00.000Z' },
  });
  await store.digests.put({ ...schedule(slackTwin, '18:30'), disabled: { reason: 'channel_not_found', at: 'x' } });
  const done = await store.deliveries.claim(general, '2026-11-26', lease('bot-1'));
  await store.deliveries.update(
    { ...done.row, state: 'done', paperIds: ['p1', 'p2'], posted: ['p1', 'p2'], parentId: 'm1', threadId: 't1' },
    lease('bot-1', 60_000, new Date(t0.getTime() + 5_000)),
  );
  const posting = await store.deliveries.claim(general, '2026-11-27', lease('bot-1'));
  await store.deliveries.update(
    { ...posting.row, state: 'posting', paperIds: ['p3', 'p4'], posted: ['p3'] },
    lease('bot-1'),
  );
  await store.deliveries.claim(alice, '2026-11-29+week', lease('bot-2'));
  // Reading lists, one of them a place with nothing else stored.
  const reader: Target = { ...alice, id: '444444444444444444' };
  for (const [i, id] of ['2608.00001', '2608.00002', '2608.00003'].entries())
    await store.saved.add(savedEntry(`r${i}`, reader, id), 500);
  await store.saved.add(savedEntry('c1', general, '2608.00002'), 500);
}

/** Everything a store holds, as the copy should reproduce it. */
async function contents(store: Store) {
  const rows: Omit<Delivery, 'version' | 'owner' | 'leaseUntil'>[] = [];
  for (const p of places) {
    for (const { version: _v, owner: _o, leaseUntil: _l, ...rest } of await store.deliveries.since(p, '0000'))
      rows.push(rest);
  }
  return {
    subscriptions: await Promise.all(places.map((p) => store.subscriptions.list(p))),
    saved: await store.saved.list(),
    schedules: await Promise.all(places.map((p) => store.digests.get(p))),
    rows,
  };
}

describeIfPg('copying a JSON store into PostgreSQL (npm run store:copy)', () => {
  let dir: string;
  let file: string;
  let schema: string;
  const opened: Store[] = [];
  const keep = (store: Store) => {
    opened.push(store);
    return store;
  };
  const openJson = async () => keep(await openJsonStore({ file, logger: silentLogger }));
  const openPg = async () => keep(await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger }));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-copy-'));
    file = join(dir, 'paperboy.json');
    schema = `${base}_${n++}`;
    await seed(await openJson());
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => dropSchemasLike(base));

  it('copies every subscription (in order), schedule (with dueAt, last, disabled) and ledger row; a second run copies nothing', async () => {
    const json = await openJson();
    const pg = await openPg();
    expect(await copyStore(json, pg)).toEqual({
      subscriptions: { copied: 32, unchanged: 0, kept: 0 },
      schedules: { copied: 2, unchanged: 0, kept: 0 },
      deliveries: { copied: 3, unchanged: 0, kept: 0 },
      installations: { copied: 0, unchanged: 0, kept: 0 },
      saved: { copied: 4, unchanged: 0, kept: 0 },
    });
    expect(await contents(pg)).toEqual(await contents(json));
    expect(await pg.digests.due(new Date('2026-11-30T08:00:00.000Z'))).toHaveLength(1);
    // Copied rows belong to nobody: their leases ended when the source last wrote them.
    for (const row of await pg.deliveries.since(general, '0000')) {
      expect(row.owner).toBe(COPY_OWNER);
      expect(Date.parse(row.leaseUntil!)).toBeLessThanOrEqual(Date.parse(row.updatedAt));
    }
    const after = await pg.deliveries.since(general, '0000');
    expect(await copyStore(json, pg)).toEqual({
      subscriptions: { copied: 0, unchanged: 32, kept: 0 },
      schedules: { copied: 0, unchanged: 2, kept: 0 },
      deliveries: { copied: 0, unchanged: 3, kept: 0 },
      installations: { copied: 0, unchanged: 0, kept: 0 },
      saved: { copied: 0, unchanged: 4, kept: 0 },
    });
    expect(await pg.deliveries.since(general, '0000')).toEqual(after);
  });

  it('an instance on PostgreSQL resumes a copied unfinished delivery, and a copy never overwrites its rows', async () => {
    const json = await openJson();
    const pg = await openPg();
    // A PostgreSQL instance already working on a list the JSON file also has.
    const live = await pg.deliveries.claim(alice, '2026-11-29+week', lease('pg-1', 60_000, new Date()));
    await copyStore(json, pg);
    expect(await pg.deliveries.get(alice, '2026-11-29+week')).toEqual(live.row);
    const resumed = await pg.deliveries.claim(general, '2026-11-27', lease('pg-2', 60_000, new Date()));
    expect(resumed).toMatchObject({ status: 'claimed', fresh: false, row: { state: 'posting', posted: ['p3'] } });
    await pg.deliveries.update({ ...resumed.row, posted: ['p3', 'p4'] }, lease('pg-2', 60_000, new Date()));
    expect(await pg.deliveries.claim(general, '2026-11-26', lease('pg-2'))).toMatchObject({ status: 'served' });
    expect((await copyStore(json, pg)).deliveries).toEqual({ copied: 0, unchanged: 1, kept: 2 });
  });

  it('copies Slack installations sealed as they are, and keeps one the destination has', async () => {
    const json = await openJson();
    const pg = await openPg();
    await json.installations.put(installation('T1', 'xoxb-one'));
    await json.installations.put(installation('T2', 'xoxb-two'));
    const theirs = installation('T2', 'xoxb-theirs', '2026-12-02T00:00:00.000Z');
    await pg.installations.put(theirs);
    expect((await copyStore(json, pg)).installations).toEqual({ copied: 1, unchanged: 0, kept: 1 });
    expect(await pg.installations.get('slack', 'T1')).toEqual(await json.installations.get('slack', 'T1'));
    expect(await pg.installations.get('slack', 'T2')).toEqual(theirs);
  });

  it('the command copies, prints the counts, and run again finds everything there', async () => {
    const args = [BIN, '--from', file, '--to', pgUrl!, '--schema', schema];
    const first = await run(process.execPath, ['--import', 'tsx', ...args]);
    expect(first.stdout).toContain(`Copied ${file} → PostgreSQL schema ${schema} at`);
    expect(first.stdout).toContain('subscriptions: 32 copied, 0 already there');
    expect(first.stdout).toContain('digest schedules: 2 copied, 0 already there');
    expect(first.stdout).toContain('ledger rows: 3 copied, 0 already there');
    expect(first.stdout).toContain('saved papers: 4 copied, 0 already there');
    const second = await run(process.execPath, ['--import', 'tsx', ...args]);
    expect(second.stdout).toContain('subscriptions: 0 copied, 32 already there');
    expect(second.stdout).toContain('ledger rows: 0 copied, 3 already there');
    expect(await contents(await openPg())).toEqual(await contents(await openJson()));
  }, 60_000);
});

// No database needed: these never get as far as opening one.
describe('npm run store:copy with arguments it cannot use', () => {
  it.each([
    [[], 2, /Both --from and --to are needed/],
    [['--from', 'x.json'], 2, /Usage: npm run store:copy/],
    [['--from', '/nonexistent/paperboy.json', '--to', 'postgres://x@127.0.0.1:1/db'], 1, /no data file at/],
    [['--frm', 'x'], 2, /Unknown option/],
  ])(
    'refuses %j with exit code %i and a message saying what works',
    async (argv, code, says) => {
      const failed = await run(process.execPath, ['--import', 'tsx', BIN, ...argv]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(code);
      expect(failed?.stderr).toMatch(says);
    },
    30_000,
  );
});
