/**
 * A table of records each place keeps in the order they were added, at most N per place
 * and one per key: subscriptions (one per topic), alerts (one per topic), saved papers
 * (one per paper). An add runs in a transaction that first takes the place's lock, then
 * one statement reads what the rule needs (the place's count, the same key, the id) and
 * inserts only when it allows; the unique constraints back the rule up. The checks are
 * those of the engines' shared rules (src/store/rules.ts, saved-rules.ts, alert-rules.ts),
 * in their order.
 */
import { targetKey, type Target } from '../../caller.js';
import type { StoreError } from '../store-error.js';
import type { AdvisoryLock, Db } from './db.js';
import { toDbText } from './text.js';

/** A place as its rows key it. */
export const keyOf = (t: Target): string => toDbText(targetKey(t));

export interface PlaceListSpec<R extends { id: string; target: Target }> {
  /** Schema-qualified table with columns seq, id, target_key, <keyColumn>, record */
  table: string;
  keyColumn: 'topic_key' | 'paper_id';
  /** The unique constraint on id, named in the error of a concurrent insert elsewhere */
  idConstraint: string;
  keyOfRecord(record: R): string;
  lock(target: Target): AdvisoryLock;
  duplicateId(id: string): StoreError;
  /** For the error when the checks passed and nothing was inserted: "subscription" */
  what: string;
}

export type PlaceListAdd<R> =
  | { outcome: 'added'; position: number }
  | { outcome: 'duplicate'; existing: R; position: number }
  | { outcome: 'limit_reached'; count: number };

interface AddFacts<R> {
  count: number;
  id_taken: boolean;
  same_record: R | null;
  same_position: number | null;
  added: boolean;
}

export interface PlaceList<R> {
  list(target?: Target): Promise<R[]>;
  /** `record` already validated by the caller */
  add(record: R, limit: number): Promise<PlaceListAdd<R>>;
  remove(target: Target, id: string): Promise<boolean>;
}

export function placeList<R extends { id: string; target: Target }>(db: Db, spec: PlaceListSpec<R>): PlaceList<R> {
  const { table, keyColumn } = spec;
  // `count >= $5` compares as JavaScript's `>=` does ($5 is NaN for no limit: false in both).
  const addStatement = `
    WITH mine AS (
      SELECT ${keyColumn}, record, (row_number() OVER (ORDER BY seq))::int AS position FROM ${table} WHERE target_key = $1
    ), facts AS (
      SELECT (SELECT count(*) FROM mine)::int AS count,
             EXISTS (SELECT 1 FROM ${table} WHERE id = $3) AS id_taken,
             (SELECT record FROM mine WHERE ${keyColumn} = $2) AS same_record,
             (SELECT position FROM mine WHERE ${keyColumn} = $2) AS same_position
    ), inserted AS (
      INSERT INTO ${table} (id, target_key, ${keyColumn}, record)
      SELECT $3, $1, $2, $4 FROM facts
       WHERE NOT facts.id_taken AND facts.same_record IS NULL AND NOT (facts.count >= $5::double precision)
      RETURNING seq
    )
    SELECT facts.*, EXISTS (SELECT 1 FROM inserted) AS added FROM facts`;

  const add = (record: R, limit: number): Promise<PlaceListAdd<R>> =>
    db.transaction(async (sql) => {
      let facts: AddFacts<R>;
      try {
        facts = (
          await sql.query<AddFacts<R>>(addStatement, [
            keyOf(record.target),
            toDbText(spec.keyOfRecord(record)),
            toDbText(record.id),
            JSON.stringify(record),
            limit ?? NaN,
          ])
        ).rows[0]!;
      } catch (e) {
        // The same id, added to another place at this moment (that place holds another lock).
        if ((e as { constraint?: string }).constraint === spec.idConstraint) throw spec.duplicateId(record.id);
        throw e;
      }
      if (facts.id_taken) throw spec.duplicateId(record.id);
      if (facts.same_record)
        return { outcome: 'duplicate', existing: facts.same_record, position: facts.same_position! };
      if (facts.count >= limit) return { outcome: 'limit_reached', count: facts.count };
      if (!facts.added) throw new Error(`the checks passed but the ${spec.what} was not inserted`);
      return { outcome: 'added', position: facts.count + 1 };
    }, spec.lock(record.target));

  return {
    list: (target) =>
      db.op(async () => {
        const r = target
          ? await db.query<{ record: R }>(`SELECT record FROM ${table} WHERE target_key = $1 ORDER BY seq`, [
              keyOf(target),
            ])
          : await db.query<{ record: R }>(`SELECT record FROM ${table} ORDER BY seq`);
        return r.rows.map((row) => row.record);
      }),
    add: (record, limit) => db.op(() => add(record, limit)),
    remove: (target, id) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${table} WHERE id = $1 AND target_key = $2`, [
          toDbText(id),
          keyOf(target),
        ]);
        return (r.rowCount ?? 0) > 0;
      }),
  };
}
