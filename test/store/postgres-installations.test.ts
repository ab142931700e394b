import { migrations } from '../../src/store/postgres/migrations.js';
import { afterAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { describeIfPg, dropSchemas, pgUrl, testSchema, withClient } from './pg-env.js';
import { installation } from './installations.contract.js';
import { alice, schedule, subscription } from './store.contract.js';

/** A schema from before installations (version 1, with data) upgrades in place and keeps what it held. */
const schema = testSchema('install_upgrade');
const open = () => openPostgresStore({ url: pgUrl!, schema, logger: silentLogger });

describeIfPg('PostgreSQL migrations after version 1 (installations, alerts, …)', () => {
  afterAll(() => dropSchemas(schema));

  it('a version-1 schema with records gains the installations table and keeps its records', async () => {
    const first = await open();
    await first.subscriptions.add(subscription('s1', alice), 25);
    await first.digests.put(schedule(alice));
    await first.close();
    // Back to what a Paperboy from before this change left behind.
    await withClient(async (c) => {
      // Every table a later migration made, and their records of having run.
      for (const table of ['installations', 'alerts', 'alert_ledger', 'saved_papers']) {
        await c.query(`DROP TABLE IF EXISTS "${schema}".${table}`);
      }
      await c.query(`DELETE FROM "${schema}".migrations WHERE version > 1`);
    });
    const upgraded = await open();
    expect((await upgraded.subscriptions.list(alice)).map((s) => s.id)).toEqual(['s1']);
    expect(await upgraded.digests.get(alice)).toMatchObject({ time: '09:00' });
    await upgraded.installations.put(installation('T1'));
    expect((await upgraded.installations.list('slack')).map((i) => i.workspaceId)).toEqual(['T1']);
    const versions = await withClient((c) => c.query(`SELECT version FROM "${schema}".migrations ORDER BY version`));
    expect(versions.rows.map((r: { version: number }) => r.version)).toEqual(migrations.map((m) => m.version));
    await upgraded.close();
  });
});
