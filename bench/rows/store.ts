/**
 * Store row (issue 10 §4): the shipped stores — JSON files and PostgreSQL, opened through
 * openStore as the composition root opens them — seeded with 2,000 places, 10,000
 * subscriptions, 2,000 schedules and weekday deliveries of 10 papers (bench/lib/store-seed),
 * at three ages: empty, one month and one year of (unpruned) history. Per store and age:
 * - open: openStore until it resolves (JSON reads and validates every place file);
 * - one write: subscriptions.add, deliveries.claim and deliveries.update (as a fan-out
 *   makes them, on the next list), digests.patch (the tick's dueAt) — p95 of each, one at
 *   a time; the figure is the worst kind;
 * - minute tick, nothing due: the real ticker (src/digest/tick.ts) with sinks and the
 *   sample source, at a minute nobody is due; the first tick also runs the hourly prune
 *   (a year's unpruned ledger down to LEDGER_RETENTION_DAYS), reported on its own;
 * - the longest event-loop stall over all of the above (monitorEventLoopDelay);
 * - size on disk (JSON: manifest + records; PostgreSQL: pg_database_size).
 * Ratios are against the same store when empty.
 *
 *   node --import tsx bench/rows/store.ts [samples=200] [engines=json,postgres] [ages=empty,month,year]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Target } from '../../src/caller.js';
import { createTicker, LEDGER_RETENTION_DAYS } from '../../src/digest/tick.js';
import { silentLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { Lease, Store } from '../../src/store/store.js';
import { benchDatabaseUrl } from '../lib/env.js';
import {
  AGE_LABEL,
  AGES,
  LISTS,
  PLACES,
  SEED_NEXT_LIST,
  SEED_NOW,
  jsonSizeMb,
  jsonStoreFor,
  openSeeded,
  place,
  postgresStoreFor,
  type Age,
} from '../lib/store-seed.js';
import { percentile, round, runRow, seeded, type Figure, type RowResult } from '../lib/stats.js';

const SAMPLES = Number(process.argv[2] ?? 200);
const ENGINES = (process.argv[3] ?? 'json,postgres').split(',') as Engine[];
const WANTED = (process.argv[4] ?? AGES.join(',')).split(',') as Age[];
const TICKS = 30;
const ROW = '9. store: JSON files and PostgreSQL with history';
type Engine = 'json' | 'postgres';

interface Measured {
  openMs: number;
  writes: Record<'add' | 'claim' | 'update' | 'patch', number[]>;
  writeCpuMs: number;
  firstTickMs: number;
  pruned: number;
  ticks: number[];
  tickCpuMs: number;
  stallMs: number;
  /** Longest stall in each phase */
  stalls: Record<string, number>;
  sizeMb: number;
  prepared: string;
}

const timed = async (into: number[], fn: () => Promise<unknown>): Promise<void> => {
  const t = performance.now();
  await fn();
  into.push(performance.now() - t);
};
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

type Phase = (name: string) => void;

async function exercise(store: Store, m: Measured, phase: Phase, samples = SAMPLES): Promise<void> {
  const random = seeded(1015);
  const lease: Lease = { owner: 'bench-store-row', now: SEED_NOW, ms: 120_000 };
  const cpu = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const target: Target = place(Math.floor(random() * PLACES));
    const topic = `bench topic ${i}`;
    await timed(m.writes.add, () =>
      store.subscriptions.add(
        { id: `bench-${i}`, target, topic, key: topic, createdBy: 'U1', createdAt: SEED_NOW.toISOString() },
        25,
      ),
    );
    // Distinct places: each claim makes its row on the next list, as a fan-out does.
    const mine = place((i * 7) % PLACES);
    let claimed: Awaited<ReturnType<Store['deliveries']['claim']>> | undefined;
    await timed(m.writes.claim, async () => (claimed = await store.deliveries.claim(mine, SEED_NEXT_LIST, lease)));
    if (claimed?.status !== 'claimed') throw new Error(`claim of a fresh row answered ${claimed?.status}`);
    const planned = { ...claimed.row, state: 'planned' as const, paperIds: ['2608.00001', '2608.00002'] };
    await timed(m.writes.update, () => store.deliveries.update(planned, lease));
    await timed(m.writes.patch, () => store.digests.patch(mine, { dueAt: '2026-08-24T07:00:00.000Z' }));
  }
  m.writeCpuMs = cpuMs(cpu);
  phase('writes');

  const papers = new SampleSource({ now: () => SEED_NOW.getTime() });
  const ticker = createTicker({ store, papers, sinks: [], logger: silentLogger, now: () => SEED_NOW });
  const before = await store.deliveries.since(place(0), '0000');
  const t = performance.now();
  const first = await ticker.tick();
  m.firstTickMs = performance.now() - t;
  phase('first tick + prune');
  m.pruned = before.length - (await store.deliveries.since(place(0), '0000')).length;
  if (first.due !== 0) throw new Error(`${first.due} schedules were due at a minute nobody should be`);
  const tickCpu = process.cpuUsage();
  for (let i = 0; i < TICKS; i++) await timed(m.ticks, () => ticker.tick());
  m.tickCpuMs = cpuMs(tickCpu) / TICKS;
  phase('ticks');
}

async function measure(engine: Engine, age: Age, samples = SAMPLES): Promise<Measured> {
  const m: Measured = {
    openMs: 0,
    writes: { add: [], claim: [], update: [], patch: [] },
    writeCpuMs: 0,
    firstTickMs: 0,
    pruned: 0,
    ticks: [],
    tickCpuMs: 0,
    stallMs: 0,
    stalls: {},
    sizeMb: 0,
    prepared: '',
  };
  const json = engine === 'json' ? jsonStoreFor(age) : undefined;
  const pg = engine === 'postgres' ? await postgresStoreFor(benchDatabaseUrl, age) : undefined;
  m.prepared = json
    ? `seed ${json.seededMs ? `written in ${round(json.seededMs / 1000, 1)} s` : 'cached'}, copied in ${round(json.copyMs, 0)} ms`
    : `seed ${pg!.seededMs ? `loaded in ${round(pg!.seededMs / 1000, 1)} s` : 'cached'}, cloned in ${round(pg!.cloneMs, 0)} ms`;
  const stall = monitorEventLoopDelay({ resolution: 5 });
  const phase: Phase = (name) => {
    m.stalls[name] = round(stall.max / 1e6, 0);
    m.stallMs = Math.max(m.stallMs, stall.max / 1e6);
    stall.reset();
  };
  stall.enable();
  try {
    const t = performance.now();
    const store = await openSeeded(json, pg);
    m.openMs = performance.now() - t;
    phase('open');
    m.sizeMb = json ? jsonSizeMb(json.file) : await pg!.sizeMb();
    try {
      await exercise(store, m, phase, samples);
    } finally {
      await store.close();
    }
  } finally {
    stall.disable();
    json?.dispose();
    await pg?.dispose();
  }
  return m;
}

const worstP95 = (m: Measured): number => Math.max(...Object.values(m.writes).map((xs) => percentile(xs, 95)));

function figuresOf(engine: Engine, age: Age, m: Measured, empty: Measured | undefined, notes: string[]): Figure[] {
  const label = `${engine === 'json' ? 'JSON' : 'PostgreSQL'}, ${AGE_LABEL[age]}`;
  const ratio = (x: number, base: number | undefined): string =>
    empty && age !== 'empty' && base ? `, ${round(x / base, 2)}× empty` : '';
  const write = worstP95(m);
  const tick = percentile(m.ticks, 95);
  notes.push(
    `${label}: ${LISTS[age] * PLACES} ledger rows, ${round(m.sizeMb, 1)} MB; write p50/p95 ms: ` +
      Object.entries(m.writes)
        .map(([k, xs]) => `${k} ${round(percentile(xs, 50), 1)}/${round(percentile(xs, 95), 1)}`)
        .join(', ') +
      `; CPU ${round(m.writeCpuMs / (SAMPLES * 4), 2)} ms a write, ${round(m.tickCpuMs, 2)} ms a tick (this process; PostgreSQL's own CPU not counted); ` +
      `longest stall by phase: ${Object.entries(m.stalls)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(
          ', ',
        )}; first tick with the hourly prune ${round(m.firstTickMs, 0)} ms (${m.pruned} of place 0's rows pruned); ${m.prepared}`,
  );
  return [
    {
      name: `${label}: open${ratio(m.openMs, empty?.openMs)}`,
      value: round(m.openMs / 1000, 3),
      unit: 's',
      target: '<= 0.5 s',
      met: m.openMs <= 500,
    },
    {
      name: `${label}: one write p95 (worst of add/claim/update/patch, ${SAMPLES} each)${ratio(write, empty && worstP95(empty))}`,
      value: round(write, 1),
      unit: 'ms',
      target: '<= 20 ms',
      met: write <= 20,
    },
    {
      name: `${label}: minute tick, nothing due, p95 of ${TICKS}${ratio(tick, empty && percentile(empty.ticks, 95))}`,
      value: round(tick, 1),
      unit: 'ms',
      target: '<= 50 ms',
      met: tick <= 50,
    },
    {
      name: `${label}: longest event-loop stall (open, writes, ticks, prune)`,
      value: round(m.stallMs, 0),
      unit: 'ms',
      target: '<= 100 ms',
      met: m.stallMs <= 100,
    },
    { name: `${label}: size`, value: round(m.sizeMb, 1), unit: 'MB' },
  ];
}

runRow(ROW, async (): Promise<RowResult> => {
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const engine of ENGINES) {
    // A discarded pass first: the first store opened in a process pays for loading and
    // compiling the code, which is start-up, not what a store costs at an age.
    await measure(engine, 'empty', 20);
    let empty: Measured | undefined;
    for (const age of AGES.filter((a) => WANTED.includes(a))) {
      const m = await measure(engine, age);
      if (age === 'empty') empty = m;
      figures.push(...figuresOf(engine, age, m, empty, notes));
    }
  }
  notes.push(
    `${PLACES} Discord channels, 5 subscriptions and a weekday schedule (top 10) each; history = weekday lists of 10 papers for every place (month ${LISTS.month}, year ${LISTS.year} lists), not pruned until the first tick (retention ${LEDGER_RETENTION_DAYS} days); ratios against the same store empty`,
  );
  return { row: ROW, figures, notes };
});
