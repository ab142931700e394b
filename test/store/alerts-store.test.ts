import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { copyAlerts } from '../../src/store/postgres/copy-alerts.js';
import { alert, alertsContract } from './alerts.contract.js';
import { alice, general } from './contract-fixtures.js';
import { describeIfPg, dropSchemas, pgUrl, testSchema, withClient } from './pg-env.js';

alertsContract('MemoryStore', { open: async () => new MemoryStore() });

let dir = '';
alertsContract('JSON files (lowdb, locked)', {
  open: async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-alerts-contract-'));
    return openJsonStore({ file: join(dir, 'paperboy.json'), logger: silentLogger });
  },
  // A second store on the same files: its own caches and queues, as another process has.
  twin: () => openJsonStore({ file: join(dir, 'paperboy.json'), logger: silentLogger }),
  cleanup: () => rm(dir, { recursive: true, force: true }),
});

const schema = testSchema('alerts');
const openPg = () => openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });
describeIfPg('PostgreSQL alerts', () => {
  afterAll(() => dropSchemas(schema));
  alertsContract('PostgreSQL', {
    open: openPg,
    twin: openPg,
    cleanup: () =>
      withClient(async (c) => {
        for (const table of ['alerts', 'alert_ledger']) await c.query(`DELETE FROM "${schema}".${table}`);
      }),
  });
});

describe('copying alerts between stores (npm run store:copy)', () => {
  it('copies every alert in order, keeps the destination’s own, and copies nothing the second time', async () => {
    const from = new MemoryStore();
    const to = new MemoryStore();
    await from.alerts.add(alert('a1', alice, 'grokking', { minUpvotes: 5 }), 10);
    await from.alerts.add(alert('a2', alice, 'agents'), 10);
    await from.alerts.add(alert('g1', general, 'diffusion'), 10);
    await to.alerts.add(alert('mine', general, 'Diffusion'), 10);
    expect(await copyAlerts(from, to)).toEqual({ copied: 2, unchanged: 0, kept: 1 });
    expect((await to.alerts.list(alice)).map((a) => [a.id, a.minUpvotes])).toEqual([
      ['a1', 5],
      ['a2', 0],
    ]);
    expect((await to.alerts.list(general)).map((a) => a.id)).toEqual(['mine']);
    expect(await copyAlerts(from, to)).toEqual({ copied: 0, unchanged: 2, kept: 1 });
  });
});
