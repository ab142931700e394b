import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { describeIfPg, dropSchemas, pgUrl, testSchema, withClient } from './pg-env.js';
import { savedContract } from './saved.contract.js';

savedContract('MemoryStore', { open: async () => new MemoryStore() });

let dir = '';
savedContract('JSON files', {
  open: async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-saved-contract-'));
    return openJsonStore({ file: join(dir, 'paperboy.json'), logger: silentLogger });
  },
  // Another process's view: its own caches and queues on the same files.
  twin: () => openJsonStore({ file: join(dir, 'paperboy.json'), logger: silentLogger }),
  cleanup: () => rm(dir, { recursive: true, force: true }),
});

const schema = testSchema('saved');
const openPg = () => openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });
describeIfPg('PostgreSQL saved papers', () => {
  afterAll(() => dropSchemas(schema));
  savedContract('PostgreSQL', {
    open: openPg,
    twin: openPg,
    cleanup: () => withClient((c) => c.query(`DELETE FROM "${schema}".saved_papers`).then(() => undefined)),
  });
});
