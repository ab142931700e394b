/**
 * `npm run bench:postgres`: the PostgreSQL store's figures from issue 10 §4, through the
 * shipped store (openPostgresStore), at 2,000 places with 10,000 subscriptions and 2,000
 * schedules — first with an empty ledger, then with a year of weekday deliveries
 * (2,000 × 261 rows, bulk-loaded in SQL: loading them through the store would only
 * measure the load). One operation at a time, as one command or one tick makes them.
 *
 *   PAPERBOY_BENCH_DATABASE_URL=postgres://… npm run bench:postgres [-- --quick]
 * Default URL: PAPERBOY_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 * Works in a schema of its own (paperboy_bench_<random>), dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import type { Target } from '../src/caller.js';
import { silentLogger } from '../src/logger.js';
import { openPostgresStore } from '../src/store/postgres/open.js';
import type { DigestSchedule, Store } from '../src/store/store.js';
import { benchDatabaseUrl } from './lib/env.js';
import { percentile, round, seeded } from './lib/stats.js';

const url = benchDatabaseUrl;
const quick = process.argv.includes('--quick');
const PLACES = 2_000;
const SUBS_PER_PLACE = 5;
const SAMPLES = quick ? 100 : 500;
const TICKS = quick ? 20 : 100;
const YEAR_WEEKDAYS = 261;
const schema = `paperboy_bench_${randomBytes(4).toString('hex')}`;
const now = new Date('2026-11-27T10:00:00.000Z');

const place = (i: number): Target => ({
  platform: 'discord',
  workspaceId: '111111111111111111',
  kind: 'channel',
  id: String(200000000000000000n + BigInt(i)),
});
const schedule = (i: number): DigestSchedule => ({
  target: place(i),
  time: '09:00',
  timezone: 'Europe/Berlin',
  top: 10,
  minUpvotes: 0,
  days: 'weekdays',
  enabled: true,
  createdBy: 'U1',
  createdAt: now.toISOString(),
  // Spread over the next day: a tick finds nobody due, as almost every minute does.
  dueAt: new Date(now.getTime() + 60_000 + (i % 1440) * 60_000).toISOString(),
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function seedPlaces(store: Store): Promise<void> {
  const one = async (i: number) => {
    for (let k = 0; k < SUBS_PER_PLACE; k++) {
      const topic = `topic ${i}-${k}`;
      await store.subscriptions.add(
        { id: `s${i}-${k}`, target: place(i), topic, key: topic, createdBy: 'U1', createdAt: now.toISOString() },
        25,
      );
    }
    await store.digests.put(schedule(i));
  };
  for (let i = 0; i < PLACES; i += 20) await Promise.all(Array.from({ length: 20 }, (_, j) => one(i + j)));
}

/** A year of weekday lists before `now`, done, ten papers each, for every place: in one statement. */
async function seedYear(client: pg.Client): Promise<number> {
  const r = await client.query(
    `INSERT INTO "${schema}".deliveries (target_key, list_date, state, version, owner, lease_until_ms, record)
     SELECT 'discord:111111111111111111:channel:' || (200000000000000000 + p), to_char(d, 'YYYY-MM-DD'), 'done', 3,
            'bench', 0,
            json_build_object('target', json_build_object('platform', 'discord', 'workspaceId', '111111111111111111',
                                'kind', 'channel', 'id', (200000000000000000 + p)::text),
                              'listDate', to_char(d, 'YYYY-MM-DD'), 'state', 'done',
                              'paperIds', json_build_array('2611.00001','2611.00002','2611.00003','2611.00004','2611.00005',
                                                           '2611.00006','2611.00007','2611.00008','2611.00009','2611.00010'),
                              'posted', json_build_array('2611.00001','2611.00002','2611.00003','2611.00004','2611.00005',
                                                         '2611.00006','2611.00007','2611.00008','2611.00009','2611.00010'),
                              'parentId', 'm', 'threadId', 't', 'createdAt', d, 'updatedAt', d)
       FROM generate_series(0, $1 - 1) AS p,
            (SELECT d FROM generate_series(date '2026-11-26' - 400, date '2026-11-26', '1 day') AS d
              WHERE extract(isodow FROM d) < 6 ORDER BY d DESC LIMIT $2) AS days`,
    [PLACES, YEAR_WEEKDAYS],
  );
  await client.query(`ANALYZE "${schema}".deliveries`);
  return r.rowCount ?? 0;
}

interface Figures {
  ledger: string;
  rows: number;
  add: number[];
  claim: number[];
  update: number[];
  since: number[];
  tickNothingDue: number[];
  tickAllDue: number[];
  stallMs: number;
}

async function measure(store: Store, ledger: string, rows: number, round_: number): Promise<Figures> {
  const r = seeded(42 + round_);
  const stall = monitorEventLoopDelay({ resolution: 1 });
  stall.enable();
  const f: Figures = {
    ledger,
    rows,
    add: [],
    claim: [],
    update: [],
    since: [],
    tickNothingDue: [],
    tickAllDue: [],
    stallMs: 0,
  };
  for (let i = 0; i < SAMPLES; i++) {
    const p = Math.floor(r() * PLACES);
    const topic = `bench ${round_}-${i}`;
    const sub = {
      id: `b${round_}-${i}`,
      target: place(p),
      topic,
      key: topic,
      createdBy: 'U1',
      createdAt: now.toISOString(),
    };
    f.add.push(await timed(() => store.subscriptions.add(sub, 25)));
  }
  for (let i = 0; i < SAMPLES; i++) {
    // Lists after the loaded year: each claim creates its row, as a day's fan-out does.
    const listDate = round_ === 0 ? '2026-11-27' : '2026-11-30';
    const lease = { owner: 'bench', now, ms: 60_000 };
    let claimed!: Awaited<ReturnType<Store['deliveries']['claim']>>;
    f.claim.push(await timed(async () => (claimed = await store.deliveries.claim(place(i), listDate, lease))));
    const row = { ...claimed.row, state: 'planned' as const, paperIds: ['2611.00001', '2611.00002'] };
    f.update.push(await timed(() => store.deliveries.update(row, lease)));
    f.since.push(await timed(() => store.deliveries.since(place(i), '2026-10-28')));
  }
  for (let i = 0; i < TICKS; i++) {
    f.tickNothingDue.push(await timed(() => store.digests.due(now)));
    f.tickAllDue.push(await timed(() => store.digests.due(new Date(now.getTime() + 2 * 86_400_000))));
  }
  stall.disable();
  f.stallMs = stall.max / 1e6;
  return f;
}

function print(all: Figures[]): void {
  const ms = (xs: number[]) => `${round(percentile(xs, 50), 1)} / ${round(percentile(xs, 95), 1)}`;
  console.log(`\nPostgreSQL store, ${PLACES} places, ${PLACES * SUBS_PER_PLACE} subscriptions, ${PLACES} schedules`);
  console.log('ms p50 / p95, one operation at a time, through openPostgresStore\n');
  console.log(
    '| ledger | rows | subscriptions.add | deliveries.claim | deliveries.update | since (30 d) | tick, nothing due | due(), all 2,000 due | longest stall |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const f of all) {
    console.log(
      `| ${f.ledger} | ${f.rows} | ${ms(f.add)} | ${ms(f.claim)} | ${ms(f.update)} | ${ms(f.since)} | ` +
        `${ms(f.tickNothingDue)} | ${ms(f.tickAllDue)} | ${round(f.stallMs, 1)} ms |`,
    );
  }
}

const admin = new pg.Client({ connectionString: url });
await admin.connect();
const store = await openPostgresStore({ url, schema, logger: silentLogger });
try {
  const t = performance.now();
  await seedPlaces(store);
  console.log(`seeded ${PLACES} places in ${round((performance.now() - t) / 1000, 1)} s`);
  const empty = await measure(store, 'empty', 0, 0);
  const t2 = performance.now();
  const rows = await seedYear(admin);
  console.log(`loaded ${rows} ledger rows (one year) in ${round((performance.now() - t2) / 1000, 1)} s`);
  const year = await measure(store, 'one year', rows, 1);
  print([empty, year]);
} finally {
  await store.close();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
