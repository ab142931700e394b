/**
 * Alerts and the alert ledger in PostgreSQL. Adding an alert runs under the place's
 * advisory lock in one statement that checks and inserts (as subscriptions do); the
 * ledger's claim is one INSERT … ON CONFLICT DO UPDATE … WHERE, so the row lock decides
 * between any number of concurrent claimers on any number of instances.
 */
import type { Target } from '../../caller.js';
import { checkAlert, claimAlertRow, disableAlerts, markAlertRow } from '../alert-rules.js';
import type { AddAlertResult, Alert, AlertClaim, AlertLedger, AlertStore } from '../alert-types.js';
import { StoreError } from '../store-error.js';
import type { Db } from './db.js';
import { quoteIdent } from './migrations.js';
import { keyOf, placeLock } from './places.js';
import { toDbText } from './text.js';

interface AddFacts {
  count: number;
  id_taken: boolean;
  same_record: Alert | null;
  same_position: number | null;
  added: boolean;
}

const duplicateId = (id: string): StoreError =>
  new StoreError('duplicate_id', `An alert with id ${id} is already stored.`);

export function pgAlerts(db: Db, schema: string): AlertStore {
  const table = `${quoteIdent(schema)}.alerts`;
  const addStatement = `
    WITH mine AS (
      SELECT topic_key, record, (row_number() OVER (ORDER BY seq))::int AS position FROM ${table} WHERE target_key = $1
    ), facts AS (
      SELECT (SELECT count(*) FROM mine)::int AS count,
             EXISTS (SELECT 1 FROM ${table} WHERE id = $3) AS id_taken,
             (SELECT record FROM mine WHERE topic_key = $2) AS same_record,
             (SELECT position FROM mine WHERE topic_key = $2) AS same_position
    ), inserted AS (
      INSERT INTO ${table} (id, target_key, topic_key, record)
      SELECT $3, $1, $2, $4 FROM facts
       WHERE NOT facts.id_taken AND facts.same_record IS NULL AND NOT (facts.count >= $5::double precision)
      RETURNING seq
    )
    SELECT facts.*, EXISTS (SELECT 1 FROM inserted) AS added FROM facts`;
  const listOf = async (target?: Target): Promise<Alert[]> => {
    const r = target
      ? await db.query<{ record: Alert }>(`SELECT record FROM ${table} WHERE target_key = $1 ORDER BY seq`, [
          keyOf(target),
        ])
      : await db.query<{ record: Alert }>(`SELECT record FROM ${table} ORDER BY seq`);
    return r.rows.map((row) => row.record);
  };
  return {
    list: (target) => db.op(() => listOf(target)),
    add: (input, limit) =>
      db.op(async () => {
        const alert = checkAlert(input);
        return db.transaction(
          async (sql): Promise<AddAlertResult> => {
            let facts: AddFacts;
            try {
              facts = (
                await sql.query<AddFacts>(addStatement, [
                  keyOf(alert.target),
                  toDbText(alert.key),
                  toDbText(alert.id),
                  JSON.stringify(alert),
                  limit ?? NaN,
                ])
              ).rows[0]!;
            } catch (e) {
              if ((e as { constraint?: string }).constraint === 'alerts_id_unique') throw duplicateId(alert.id);
              throw e;
            }
            if (facts.id_taken) throw duplicateId(alert.id);
            if (facts.same_record)
              return { outcome: 'duplicate', existing: facts.same_record, position: facts.same_position! };
            if (facts.count >= limit) return { outcome: 'limit_reached', count: facts.count };
            if (!facts.added) throw new Error('the checks passed but the alert was not inserted');
            return { outcome: 'added', alert, position: facts.count + 1 };
          },
          placeLock(schema, alert.target),
        );
      }),
    remove: (target, id) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${table} WHERE id = $1 AND target_key = $2`, [
          toDbText(id),
          keyOf(target),
        ]);
        return (r.rowCount ?? 0) > 0;
      }),
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
