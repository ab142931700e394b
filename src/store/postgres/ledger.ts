/**
 * The delivery ledger in PostgreSQL: one row per (place, list), claimed and changed by
 * single statements that carry the rules of src/store/rules.ts in their WHERE clauses,
 * so the database decides between concurrent claimers on any number of instances.
 *
 * Lease times are the caller's (`Lease.now`), never the database clock: the instances'
 * clocks decide, as they do for the other engines, and tests can use fake clocks.
 */
import { targetKey, type Target } from '../../caller.js';
import { claimDelivery, isFinal, updateDelivery } from '../rules.js';
import { checkDelivery, listDateSchema } from '../schema.js';
import { StoreError } from '../store-error.js';
import type { Claim, Delivery, DeliveryLedger, Lease } from '../store.js';
import type { Db } from './db.js';
import { quoteIdent } from './migrations.js';
import { keyOf } from './places.js';
import { fromDbText, listDateBound, toDbText } from './text.js';

interface Row {
  record: Omit<Delivery, 'version' | 'owner' | 'leaseUntil'>;
  version: string;
  owner: string | null;
  lease_until_ms: number | null;
}

const COLUMNS = 'record, version, owner, lease_until_ms';

export const fromRow = (r: Row): Delivery => ({
  ...r.record,
  version: Number(r.version),
  ...(r.owner !== null ? { owner: fromDbText(r.owner) } : {}),
  ...(r.lease_until_ms !== null ? { leaseUntil: new Date(r.lease_until_ms).toISOString() } : {}),
});

/** The parts of a row that are not columns of their own. */
const recordOf = (d: Delivery): string => {
  const { version: _v, owner: _o, leaseUntil: _l, ...record } = d;
  return JSON.stringify(record);
};

/** Refuse a lease the rules could not turn into a leaseUntil (toISOString would throw). */
function checkLease(lease: Lease): Lease {
  const until = lease?.now instanceof Date ? lease.now.getTime() + lease.ms : NaN;
  if (typeof lease?.owner !== 'string' || !Number.isFinite(until) || Number.isNaN(new Date(until).getTime())) {
    throw new StoreError(
      'invalid_record',
      'Refusing a delivery lease without an owner, a valid time and a finite length in ms.',
    );
  }
  return lease;
}

const untilOf = (d: Delivery): number | null => (d.leaseUntil === undefined ? null : Date.parse(d.leaseUntil));

export function pgLedger(db: Db, schema: string, afterPrune: () => Promise<void>): DeliveryLedger {
  const table = `${quoteIdent(schema)}.deliveries`;
  const get = async (target: Target, listDate: string): Promise<Delivery | undefined> => {
    // Every stored row has a valid list date; anything else is simply not there.
    if (!listDateSchema.safeParse(listDate).success) return undefined;
    const r = await db.query<Row>(`SELECT ${COLUMNS} FROM ${table} WHERE target_key = $1 AND list_date = $2`, [
      keyOf(target),
      listDate,
    ]);
    return r.rows[0] && fromRow(r.rows[0]);
  };

  /**
   * The claim rule in one statement: insert the row, or take it over when it is not final
   * and its lease has expired or is the claimer's own; the version bump makes the old
   * holder's compare-and-set fail. Nothing returned: someone else holds it, or it is served.
   */
  const tryClaim = async (fresh: Delivery, lease: Lease): Promise<Claim | undefined> => {
    const r = await db.query<Row & { inserted: boolean }>(
      `INSERT INTO ${table} AS d (target_key, list_date, state, version, owner, lease_until_ms, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (target_key, list_date) DO UPDATE
         SET version = d.version + 1, owner = EXCLUDED.owner, lease_until_ms = EXCLUDED.lease_until_ms
         WHERE d.state NOT IN ('done', 'skipped')
           AND (d.owner IS NULL OR d.lease_until_ms IS NULL OR d.lease_until_ms <= $8 OR d.owner = EXCLUDED.owner)
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [
        keyOf(fresh.target),
        fresh.listDate,
        fresh.state,
        fresh.version,
        toDbText(lease.owner),
        untilOf(fresh),
        recordOf(fresh),
        lease.now.getTime(),
      ],
    );
    const won = r.rows[0];
    return won ? { status: 'claimed', row: fromRow(won), fresh: won.inserted } : undefined;
  };

  return {
    get: (target, listDate) => db.op(() => get(target, listDate)),

    since: (target, fromDate) =>
      db.op(async () => {
        const r = await db.query<Row>(
          `SELECT ${COLUMNS} FROM ${table} WHERE target_key = $1 AND list_date >= $2 ORDER BY list_date`,
          [keyOf(target), listDateBound(fromDate)],
        );
        return r.rows.map(fromRow);
      }),

    claim: (target, listDate, lease) =>
      db.op(async () => {
        // Validates target, list date and lease before any SQL, as the other engines do.
        const { next: fresh } = claimDelivery(undefined, target, listDate, checkLease(lease));
        // A row that vanishes between the claim and the look (pruned) is claimed afresh.
        for (let attempt = 0; attempt < 3; attempt++) {
          const claimed = await tryClaim(fresh!, lease);
          if (claimed) return claimed;
          const row = await get(target, listDate);
          if (row) return isFinal(row) ? { status: 'served', row } : { status: 'busy', row };
        }
        throw new StoreError(
          'store_failed',
          `The delivery of ${listDate} to ${targetKey(target)} could neither be claimed nor read; try again.`,
        );
      }),

    update: (input, lease) =>
      db.op(async () => {
        const incoming = checkDelivery(input);
        checkLease(lease);
        // The rule computes the next row from a stored row that passes its check; the
        // database then writes it only if the stored row really is at that version and owner.
        const next = updateDelivery({ ...incoming, owner: lease.owner }, incoming, lease);
        const r = await db.query(
          `UPDATE ${table} SET state = $3, version = $4, owner = $5, lease_until_ms = $6, record = $7
            WHERE target_key = $1 AND list_date = $2 AND version = $8 AND owner = $5`,
          [
            keyOf(next.target),
            next.listDate,
            next.state,
            next.version,
            toDbText(lease.owner),
            untilOf(next),
            recordOf(next),
            incoming.version,
          ],
        );
        if ((r.rowCount ?? 0) === 1) return next;
        // Nothing written: let the rule explain with what is stored now.
        updateDelivery(await get(incoming.target, incoming.listDate), incoming, lease);
        throw new StoreError(
          'lease_lost',
          `The delivery of ${incoming.listDate} to ${targetKey(incoming.target)} changed under ${lease.owner}: ` +
            'another instance took it over.',
        );
      }),

    prune: (before) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${table} WHERE list_date < $1`, [listDateBound(before)]);
        await afterPrune();
        return r.rowCount ?? 0;
      }),
  };
}
