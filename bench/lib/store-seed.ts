/**
 * Seeded stores for the store and fan-out rows (issue 10 §4, issue 15): 2,000 Discord
 * channels, 10,000 subscriptions (5 a place), 2,000 weekday digest schedules (top 10), and
 * a delivery ledger of weekday lists of 10 papers for every place, `lists` lists back from
 * the day before SEED_NEXT_LIST: none (empty), 22 (one month) or 261 (one year).
 *
 * The history is written straight in each engine's own format, quickly, and cached:
 * - JSON: the manifest as lowdb writes it and the bucketed record files of
 *   src/store/json/layout.ts, compact JSON as LockedJsonFile writes them, under
 *   <tmpdir>/paperboy-bench-seed-<SEED_VERSION>/<age>/; each run gets a hard-linked copy
 *   (`cp -al`: the store replaces files by rename, so the cached ones never change).
 * - PostgreSQL: the schema the shipped migrations create (opened once through
 *   openPostgresStore), rows bulk-inserted in SQL, in a database
 *   paperboy_bench_seed_<SEED_VERSION>_<age> kept as a template; each run clones it
 *   (CREATE DATABASE … TEMPLATE, a file copy) and drops the clone.
 * The one-year ledger is NOT pruned: it is what a store holds before the tick's hourly
 * prune (LEDGER_RETENTION_DAYS) has run, the worst case for opening and reading.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { targetKey, type Target } from '../../src/caller.js';
import { silentLogger } from '../../src/logger.js';
import { addDays } from '../../src/papers/days.js';
import { bucketOf, newManifest, pathsFor } from '../../src/store/json/layout.js';
import { Secret } from '../../src/config.js';
import { openStore } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { Delivery, DigestSchedule, Store, Subscription } from '../../src/store/store.js';
import { normalizeTopicText } from '../../src/subscriptions.js';
import { FAKE_GUILD_ID } from '../../test/fakes/discord/payloads.js';

/** Bump when the seed's content or an engine's format changes: old caches are then ignored. */
export const SEED_VERSION = 'v1';
export const PLACES = 2_000;
export const SUBS_PER_PLACE = 5;
/** The list the measured writes and the fan-out go to (a bundled sample list, 17 papers) */
export const SEED_NEXT_LIST = '2026-08-21';
/** The rows' clock: that list is closed, the next slot (Monday 09:00 Berlin) not yet come */
export const SEED_NOW = new Date('2026-08-22T09:00:00Z');
const NEXT_SLOT = '2026-08-24T07:00:00.000Z';

export type Age = 'empty' | 'month' | 'year';
export const AGES: Age[] = ['empty', 'month', 'year'];
export const LISTS: Record<Age, number> = { empty: 0, month: 22, year: 261 };
export const AGE_LABEL: Record<Age, string> = { empty: 'empty', month: 'one month', year: 'one year' };

export const place = (i: number): Target => ({
  platform: 'discord',
  workspaceId: FAKE_GUILD_ID,
  kind: 'channel',
  id: String(910000000000000000n + BigInt(i)),
});

/**
 * Topics people type, broad enough that every place's digest has papers on the sample's
 * 2026-08-21 list (the first of each place's five always matches some of them).
 */
const BROAD = ['language model', 'diffusion', 'reinforcement learning', 'benchmark', 'agents', 'video', 'reasoning'];
const NARROW = [
  'speculative decoding',
  '"mixture of experts"',
  'gaussian splatting',
  'kv cache',
  'sparse autoencoder',
  'point cloud',
  'machine translation',
  'knowledge distillation',
  'test-time scaling',
  'vision language action',
  'retrieval OR rag',
  'quantization -survey',
  'title:robot',
  'protein',
  'speech',
];
const CREATED = '2025-08-01T08:00:00.000Z';

export function subscriptionsOf(i: number): Subscription[] {
  return Array.from({ length: SUBS_PER_PLACE }, (_, k) => {
    const topic = k === 0 ? BROAD[i % BROAD.length]! : NARROW[(i * 7 + k * 3) % NARROW.length]!;
    return {
      id: `seed-${i}-${k}`,
      target: place(i),
      topic,
      key: normalizeTopicText(topic),
      createdBy: '900000000000000001',
      createdAt: CREATED,
    };
  });
}

/** The weekday lists before SEED_NEXT_LIST, newest first. */
export function historyLists(count: number): string[] {
  const lists: string[] = [];
  for (let d = addDays(SEED_NEXT_LIST, -1); lists.length < count; d = addDays(d, -1)) {
    const day = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) lists.push(d);
  }
  return lists;
}

export function scheduleOf(i: number, lists: number): DigestSchedule {
  const last = historyLists(Math.min(1, lists))[0];
  return {
    target: place(i),
    time: '09:00',
    timezone: 'Europe/Berlin',
    top: 10,
    minUpvotes: 0,
    days: 'weekdays',
    enabled: true,
    createdBy: '900000000000000001',
    createdAt: CREATED,
    dueAt: NEXT_SLOT,
    ...(last ? { last: { listDate: last, state: 'done', posted: 10, total: 10, at: `${last}T07:00:09.000Z` } } : {}),
  };
}

const paperIdsOf = (list: string): string[] =>
  Array.from({ length: 10 }, (_, k) => `${list.slice(2, 4)}${list.slice(5, 7)}.9${list.slice(8, 10)}${k}`);

export function deliveryOf(i: number, list: string): Delivery {
  const at = `${list}T07:00:00.000Z`;
  const ids = paperIdsOf(list);
  return {
    target: place(i),
    listDate: list,
    state: 'done',
    paperIds: ids,
    parentId: String(1300000000000000000n + BigInt(i)),
    threadId: String(1300000000000000000n + BigInt(i)),
    posted: ids,
    createdAt: at,
    updatedAt: `${list}T07:00:09.000Z`,
    version: 12,
    owner: 'paperboy-host:4242:bench',
    leaseUntil: `${list}T07:02:09.000Z`,
  };
}

const seedRoot = join(tmpdir(), `paperboy-bench-seed-${SEED_VERSION}`);

/** Write the JSON store's files for `age` (once; cached). Returns the manifest path of the cache. */
function seedJson(age: Age): { manifest: string; seededMs: number } {
  const dir = join(seedRoot, age);
  const manifest = join(dir, 'paperboy.json');
  if (existsSync(join(dir, 'done'))) return { manifest, seededMs: 0 };
  const t = performance.now();
  rmSync(dir, { recursive: true, force: true });
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const paths = pathsFor(join(building, 'paperboy.json'));
  const places = new Map<string, { subscriptions: Subscription[]; digests: DigestSchedule[] }>();
  const buckets = new Map<number, string>();
  for (let i = 0; i < PLACES; i++) {
    const b = bucketOf(targetKey(place(i)));
    buckets.set(i, b);
    const doc = places.get(b) ?? { subscriptions: [], digests: [] };
    doc.subscriptions.push(...subscriptionsOf(i));
    doc.digests.push(scheduleOf(i, LISTS[age]));
    places.set(b, doc);
  }
  mkdirSync(join(paths.root, 'places'), { recursive: true });
  mkdirSync(join(paths.root, 'once'), { recursive: true });
  mkdirSync(paths.ledgerDir, { recursive: true });
  for (const [b, doc] of places) writeFileSync(paths.places(b), JSON.stringify(doc));
  for (const list of historyLists(LISTS[age])) {
    mkdirSync(join(paths.ledgerDir, list));
    const byBucket = new Map<string, Delivery[]>();
    for (let i = 0; i < PLACES; i++) {
      const b = buckets.get(i)!;
      const rows = byBucket.get(b) ?? [];
      rows.push(deliveryOf(i, list));
      byBucket.set(b, rows);
    }
    for (const [b, deliveries] of byBucket) writeFileSync(paths.ledger(list, b), JSON.stringify({ deliveries }));
  }
  // As lowdb's JSONFile writes it (pretty, 2 spaces).
  writeFileSync(paths.manifest, JSON.stringify(newManifest(), null, 2));
  renameSync(building, dir);
  writeFileSync(join(dir, 'done'), '');
  return { manifest, seededMs: performance.now() - t };
}

export interface SeededJson {
  file: string;
  seededMs: number;
  copyMs: number;
  dispose(): void;
}

/** A private copy of the seeded JSON store (hard links), removed by dispose(). */
export function jsonStoreFor(age: Age): SeededJson {
  const { manifest, seededMs } = seedJson(age);
  const work = join(tmpdir(), `paperboy-bench-run-${process.pid}-${age}-${Math.random().toString(36).slice(2, 8)}`);
  const t = performance.now();
  execFileSync('cp', ['-al', join(manifest, '..'), work]);
  return {
    file: join(work, 'paperboy.json'),
    seededMs,
    copyMs: performance.now() - t,
    dispose: () => rmSync(work, { recursive: true, force: true }),
  };
}

/** Disk the JSON store takes: manifest plus records directory, in MB. */
export function jsonSizeMb(file: string): number {
  const out = execFileSync('du', ['-sbL', file, `${file}.d`], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .reduce((n, line) => n + Number(line.split('\t')[0]) / 1024 / 1024, 0);
}

const withDatabase = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

async function seedPostgres(url: string, age: Age): Promise<{ template: string; seededMs: number }> {
  const template = `paperboy_bench_seed_${SEED_VERSION}_${age}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const found = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1`, [template]);
    if (found.rowCount) return { template, seededMs: 0 };
    const t = performance.now();
    const building = `${template}_building`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const buildUrl = withDatabase(url, building);
    // The shipped migrations make the schema; then the rows go in in bulk.
    await (await openPostgresStore({ url: buildUrl, logger: silentLogger })).close();
    const db = new pg.Client({ connectionString: buildUrl });
    await db.connect();
    try {
      await insertPlaces(db, age);
      await insertLedger(db, LISTS[age]);
      await db.query('VACUUM ANALYZE');
    } finally {
      await db.end();
    }
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    return { template, seededMs: performance.now() - t };
  } finally {
    await admin.end();
  }
}

async function insertPlaces(db: pg.Client, age: Age): Promise<void> {
  const subs = Array.from({ length: PLACES }, (_, i) => subscriptionsOf(i)).flat();
  await db.query(
    `INSERT INTO paperboy.subscriptions (id, target_key, topic_key, record)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::json[])`,
    [
      subs.map((s) => s.id),
      subs.map((s) => targetKey(s.target)),
      subs.map((s) => s.key),
      subs.map((s) => JSON.stringify(s)),
    ],
  );
  const schedules = Array.from({ length: PLACES }, (_, i) => scheduleOf(i, LISTS[age]));
  await db.query(
    `INSERT INTO paperboy.schedules (target_key, enabled, disabled, due_ms, record)
     SELECT * FROM unnest($1::text[], $2::boolean[], $3::boolean[], $4::float8[], $5::json[])`,
    [
      schedules.map((s) => targetKey(s.target)),
      schedules.map(() => true),
      schedules.map(() => false),
      schedules.map((s) => Date.parse(s.dueAt!)),
      schedules.map((s) => JSON.stringify(s)),
    ],
  );
}

/** Every place × every list, built server-side: the record as deliveryOf() makes it, less its columns. */
async function insertLedger(db: pg.Client, lists: number): Promise<void> {
  const dates = historyLists(lists);
  if (dates.length === 0) return;
  await db.query(
    `INSERT INTO paperboy.deliveries (target_key, list_date, state, version, owner, lease_until_ms, record)
     SELECT 'discord:' || $3 || ':channel:' || (910000000000000000 + p)::text, d, 'done', 12,
            'paperboy-host:4242:bench', extract(epoch FROM (d || 'T07:02:09Z')::timestamptz) * 1000,
            json_build_object(
              'target', json_build_object('platform', 'discord', 'workspaceId', $3::text, 'kind', 'channel',
                                          'id', (910000000000000000 + p)::text),
              'listDate', d, 'state', 'done', 'paperIds', ids, 'parentId', (1300000000000000000 + p)::text,
              'threadId', (1300000000000000000 + p)::text, 'posted', ids,
              'createdAt', d || 'T07:00:00.000Z', 'updatedAt', d || 'T07:00:09.000Z')
       FROM generate_series(0, $1 - 1) AS p,
            (SELECT d, (SELECT json_agg(substr(d, 3, 2) || substr(d, 6, 2) || '.9' || substr(d, 9, 2) || k)
                          FROM generate_series(0, 9) AS k) AS ids
               FROM unnest($2::text[]) AS d) AS lists`,
    [PLACES, dates, FAKE_GUILD_ID],
  );
}

export interface SeededPostgres {
  url: string;
  seededMs: number;
  cloneMs: number;
  sizeMb(): Promise<number>;
  dispose(): Promise<void>;
}

/** A private clone of the seeded PostgreSQL database for `age`, dropped by dispose(). */
export async function postgresStoreFor(url: string, age: Age): Promise<SeededPostgres> {
  const { template, seededMs } = await seedPostgres(url, age);
  const name = `paperboy_bench_run_${process.pid}_${age}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const t = performance.now();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  const cloneMs = performance.now() - t;
  return {
    url: withDatabase(url, name),
    seededMs,
    cloneMs,
    async sizeMb() {
      const r = await admin.query<{ n: string }>(`SELECT pg_database_size($1) AS n`, [name]);
      return Number(r.rows[0]!.n) / 1024 / 1024;
    },
    async dispose() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Open a seeded copy as the composition root opens its store (openStore: PostgreSQL when a URL is given). */
export const openSeeded = (json: SeededJson | undefined, pg: SeededPostgres | undefined): Promise<Store> =>
  openStore(
    { dataFile: json?.file ?? '/nonexistent', ...(pg ? { database: { url: new Secret(pg.url) } } : {}) },
    silentLogger,
  );
