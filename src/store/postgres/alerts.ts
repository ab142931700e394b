/**
 * Alerts and the alert ledger in PostgreSQL. Adding an alert runs under the place's
 * advisory lock in one statement that checks and inserts (as subscriptions do); the
 * ledger's claim is one INSERT … ON CONFLICT DO UPDATE … WHERE, so the row lock decides
 * between any number of concurrent claimers on any number of instances.
 */
import { checkAlert, claimAlertRow, disableAlerts, markAlertRow } from '../alert-rules.js';
import type { AddAlertResult, Alert, AlertClaim, AlertLedger, AlertStore } from '../alert-types.js';
import { StoreError } from '../store-error.js';
import type { Db } from './db.js';
import { quoteIdent } from './migrations.js';
import { keyOf, placeList } from './place-list.js';
import { placeLock } from './places.js';
import { toDbText } from './text.js';

const duplicateId = (id: string): StoreError =>
  new StoreError('duplicate_id', `An alert with id ${id} is already stored.`);

export function pgAlerts(db: Db, schema: string): AlertStore {
  const table = `${quoteIdent(schema)}.alerts`;
  const alerts = placeList<Alert>(db, {
    table,
    keyColumn: 'topic_key',
    idConstraint: 'alerts_id_unique',
    keyOfRecord: (alert) => alert.key,
    lock: (target) => placeLock(schema, target),
    duplicateId,
    what: 'alert',
  });
  return {
    list: (target) => alerts.list(target),
    add: async (input, limit): Promise<AddAlertResult> => {
      const alert = checkAlert(input);
      const r = await alerts.add(alert, limit);
      return r.outcome === 'added' ? { outcome: 'added', alert, position: r.position } : r;
    },
    remove: (target, id) => alerts.remove(target, id),
    disable: (target, reason, at) =>
      db.op(() =>
        db.transaction(
          async (sql) => {
            const r = await sql.query<{ id: string; record: Alert }>(
              `SELECT id, record FROM ${table} WHERE target_key = $1 ORDER BY seq`,
              [keyOf(target)],
            );
            const all = r.rows.map((row) => row.record);
            const n = disableAlerts(all, target, reason, at);
            for (let i = 0; i < all.length; i++) {
              if (all[i] !== r.rows[i]!.record)
                await sql.query(`UPDATE ${table} SET record = $2 WHERE id = $1`, [
                  r.rows[i]!.id,
                  JSON.stringify(all[i]),
                ]);
            }
            return n;
          },
          placeLock(schema, target),
        ),
      ),
  };
}

export function pgAlertLedger(db: Db, schema: string): AlertLedger {
  const table = `${quoteIdent(schema)}.alert_ledger`;
  return {
    claim: (target, paperId, lease) =>
      db.op(async (): Promise<AlertClaim> => {
        // The rules' checks of the lease and the row (claimAlertRow) run on a fresh row first.
        claimAlertRow(undefined, target, paperId, lease);
        const now = lease.now.getTime();
        const r = await db.query<{ fresh: boolean }>(
          `INSERT INTO ${table} (target_key, paper_id, target, owner, lease_until_ms, created_ms)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (target_key, paper_id) DO UPDATE
             SET owner = EXCLUDED.owner, lease_until_ms = EXCLUDED.lease_until_ms
             WHERE alert_ledger.sent_ms IS NULL
               AND (alert_ledger.lease_until_ms IS NULL OR alert_ledger.lease_until_ms <= $6 OR alert_ledger.owner = $4)
           RETURNING (xmax = 0) AS fresh`,
          [keyOf(target), toDbText(paperId), JSON.stringify(target), toDbText(lease.owner), now + lease.ms, now],
        );
        if (r.rows[0]) return { status: 'claimed', fresh: r.rows[0].fresh };
        const row = await db.query<{ sent_ms: number | null }>(
          `SELECT sent_ms FROM ${table} WHERE target_key = $1 AND paper_id = $2`,
          [keyOf(target), toDbText(paperId)],
        );
        const sent = row.rows[0]?.sent_ms;
        return sent !== null && sent !== undefined
          ? { status: 'sent', sentAt: new Date(sent).toISOString() }
          : { status: 'busy' };
      }),
    markSent: (target, paperId, lease) =>
      db.op(async () => {
        markAlertRow(undefined, lease); // checks the lease
        const r = await db.query(
          `UPDATE ${table} SET sent_ms = $4, owner = NULL, lease_until_ms = NULL
            WHERE target_key = $1 AND paper_id = $2 AND owner = $3 AND sent_ms IS NULL`,
          [keyOf(target), toDbText(paperId), toDbText(lease.owner), lease.now.getTime()],
        );
        return (r.rowCount ?? 0) > 0;
      }),
    prune: (before) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${table} WHERE created_ms < $1`, [before.getTime()]);
        return r.rowCount ?? 0;
      }),
  };
}
