/**
 * One process of the PostgreSQL multi-process tests: opens its own store (its own pool)
 * on the schema, says READY, waits for GO on stdin so that every process starts at once,
 * runs its share of concurrent operations and prints their outcomes as one JSON line.
 * argv: <schema> <subscribe|claim> <process index> <operations>
 */
import { silentLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import type { Target } from '../../src/caller.js';
import { pgUrl } from './pg-env.js';

const [schema, mode, index, count] = process.argv.slice(2);
const place: Target = {
  platform: 'discord',
  workspaceId: '111111111111111111',
  kind: 'channel',
  id: '333333333333333333',
};
const store = await openPostgresStore({ url: pgUrl!, schema: schema!, logger: silentLogger });
process.stdout.write('READY\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const ops = Array.from({ length: Number(count) }, (_, i) => `p${index}-${i}`);
const t0 = new Date('2026-11-27T10:00:00.000Z');
const outcomes = await Promise.all(
  ops.map(async (name) => {
    if (mode === 'subscribe') {
      const r = await store.subscriptions.add(
        {
          id: name,
          target: place,
          topic: `topic ${name}`,
          key: `topic ${name}`,
          createdBy: 'U1',
          createdAt: t0.toISOString(),
        },
        1000,
      );
      return { op: name, outcome: r.outcome, position: r.outcome === 'added' ? r.position : null };
    }
    const c = await store.deliveries.claim(place, '2026-11-26', { owner: name, now: t0, ms: 60_000 });
    return { op: name, outcome: c.status, position: null };
  }),
);
await store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
