import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { describeIfPg, dropSchemasLike, pgUrl, testSchema } from './pg-env.js';

/**
 * The rules between processes, not just between pools of one process: each child is its
 * own Node process with its own store, as several Paperboy instances on one database are.
 */
const CHILD = fileURLToPath(new URL('./pg-child.ts', import.meta.url));
const PROCESSES = 4;
/** Four Node processes start in seconds each on a busy two-core machine. */
const TIMEOUT_MS = 120_000;
const base = testSchema('processes');
let n = 0;
const place = {
  platform: 'discord',
  workspaceId: '111111111111111111',
  kind: 'channel',
  id: '333333333333333333',
} as const;

interface Outcome {
  op: string;
  outcome: string;
  position: number | null;
}

/** Start every child, wait until all are connected, then let them go at once. */
async function runChildren(schema: string, mode: 'subscribe' | 'claim', count: number): Promise<Outcome[]> {
  const children = Array.from({ length: PROCESSES }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', CHILD, schema, mode, String(i), String(count)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  const outputs = children.map(
    (child) =>
      new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${out}`))));
      }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const ready = (d: Buffer) => d.toString().includes('READY') && (child.stdout.off('data', ready), resolve());
          child.stdout.on('data', ready);
        }),
    ),
  );
  for (const child of children) child.stdin.end('GO\n');
  return (await Promise.all(outputs)).flatMap((out) => JSON.parse(out.trim().split('\n').at(-1)!) as Outcome[]);
}

/** A migrated, empty schema, so the children's opens find nothing to do and start together. */
async function freshSchema(): Promise<string> {
  const schema = `${base}_${n++}`;
  await (await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger })).close();
  return schema;
}

describeIfPg('PostgreSQL store across processes', () => {
  afterAll(() => dropSchemasLike(base));

  it(
    `${PROCESSES} processes × 50 concurrent subscribes to one place (limit 1000): all ${PROCESSES * 50} present, each at its own position`,
    async () => {
      const schema = await freshSchema();
      const outcomes = await runChildren(schema, 'subscribe', 50);
      expect(outcomes).toHaveLength(PROCESSES * 50);
      expect(outcomes.filter((o) => o.outcome === 'added')).toHaveLength(PROCESSES * 50);
      // Count and insert were one step: the positions handed out are 1…200, none twice.
      expect(outcomes.map((o) => o.position).sort((a, b) => a! - b!)).toEqual(
        Array.from({ length: PROCESSES * 50 }, (_, i) => i + 1),
      );
      const store = await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });
      const stored = await store.subscriptions.list(place);
      await store.close();
      expect(stored.map((s) => s.id).sort()).toEqual(outcomes.map((o) => o.op).sort());
      // Listed in the order the positions were given.
      const byPosition = [...outcomes].sort((a, b) => a.position! - b.position!).map((o) => o.op);
      expect(stored.map((s) => s.id)).toEqual(byPosition);
    },
    TIMEOUT_MS,
  );

  it(
    `${PROCESSES} processes × 10 concurrent claims of one delivery: exactly one claimed, the rest busy`,
    async () => {
      const schema = await freshSchema();
      const outcomes = await runChildren(schema, 'claim', 10);
      expect(outcomes).toHaveLength(PROCESSES * 10);
      const won = outcomes.filter((o) => o.outcome === 'claimed');
      expect(won).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'busy')).toHaveLength(PROCESSES * 10 - 1);
      const store = await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });
      const row = await store.deliveries.get(place, '2026-11-26');
      await store.close();
      expect(row).toMatchObject({ owner: won[0]!.op, version: 1, state: 'claimed' });
    },
    TIMEOUT_MS,
  );
});
