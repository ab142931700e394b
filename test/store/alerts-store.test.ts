import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { alertsContract } from './alerts.contract.js';
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
