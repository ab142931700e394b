/**
 * Installations in PostgreSQL (migration 2): one row per (platform, workspace), replaced
 * on reinstall by one INSERT … ON CONFLICT, so concurrent installs from two instances
 * leave exactly one row. The record column holds the installation with its platform data
 * sealed (src/sealed.ts); no column holds a token.
 */
import { checkInstallation } from '../installation-rules.js';
import type { Installation, InstallationStore } from '../store.js';
import type { Db } from './db.js';
import { quoteIdent } from './migrations.js';
import { toDbText } from './text.js';

export function pgInstallations(db: Db, schema: string): InstallationStore {
  const table = `${quoteIdent(schema)}.installations`;
  return {
    get: (platform, workspaceId) =>
      db.op(async () => {
        const r = await db.query<{ record: Installation }>(
          `SELECT record FROM ${table} WHERE platform = $1 AND workspace_id = $2`,
          [toDbText(String(platform)), toDbText(String(workspaceId))],
        );
        return r.rows[0]?.record;
      }),
    put: (input) =>
      db.op(async () => {
        const record = checkInstallation(input);
        await db.query(
          `INSERT INTO ${table} (platform, workspace_id, record) VALUES ($1, $2, $3)
           ON CONFLICT (platform, workspace_id) DO UPDATE SET record = EXCLUDED.record`,
          [toDbText(record.platform), toDbText(record.workspaceId), JSON.stringify(record)],
        );
      }),
    remove: (platform, workspaceId) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${table} WHERE platform = $1 AND workspace_id = $2`, [
          toDbText(String(platform)),
          toDbText(String(workspaceId)),
        ]);
        return (r.rowCount ?? 0) > 0;
      }),
    list: (platform) =>
      db.op(async () => {
        const r = await db.query<{ record: Installation }>(
          `SELECT record FROM ${table} WHERE platform = $1 ORDER BY seq`,
          [toDbText(String(platform))],
        );
        return r.rows.map((row) => row.record).sort((a, b) => a.installedAt.localeCompare(b.installedAt));
      }),
  };
}
