import { afterAll } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { storeContract } from './store.contract.js';
import { describeIfPg, dropSchemas, pgUrl, testSchema, withClient } from './pg-env.js';

const schema = testSchema('contract');
const openHere = () => openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });

describeIfPg('PostgreSQL store', () => {
  afterAll(() => dropSchemas(schema));
  storeContract('PostgreSQL', {
    open: openHere,
    // A second pool on the same schema: another instance's connections.
    twin: openHere,
    // Empty again for the next test (the stores are closed by then); the tables stay.
    cleanup: () =>
      withClient(async (c) => {
        for (const table of ['subscriptions', 'schedules', 'deliveries', 'once_keys', 'meta', 'installations']) {
          await c.query(`DELETE FROM "${schema}".${table}`);
        }
      }),
  });
});
