/**
 * Reading lists in PostgreSQL. An add runs in a transaction that first takes the
 * place's reading-list lock, then one statement reads what the rule needs (the place's
 * count, the same paper, the id) and inserts only when it allows; the unique
 * constraints (one id, one paper per place) back the rule up. The table: migrations.ts, version 2.
 */
import type { Target } from '../../caller.js';
import { checkSaved, duplicateSavedId } from '../saved-rules.js';
import type { AddSavedResult, SavedPaper, SavedStore } from '../store.js';
import { lockKey, type AdvisoryLock, type Db } from './db.js';
import { quoteIdent } from './migrations.js';
import { keyOf } from './places.js';
import { toDbText } from './text.js';

const savedLock = (schema: string, target: Target): AdvisoryLock => [
  lockKey(`paperboy:saved:${schema}`),
  lockKey(keyOf(target)),
];

interface AddFacts {
  count: number;
  id_taken: boolean;
  same_record: SavedPaper | null;
  same_position: number | null;
  added: boolean;
}

export function pgSaved(db: Db, schema: string): SavedStore {
  const table = `${quoteIdent(schema)}.saved_papers`;
  // `count >= $5` compares as JavaScript's `>=` does ($5 is NaN for no limit: false).
  const addStatement = `
    WITH mine AS (
      SELECT paper_id, record, (row_number() OVER (ORDER BY seq))::int AS position FROM ${table} WHERE target_key = $1
    ), facts AS (
      SELECT (SELECT count(*) FROM mine)::int AS count,
             EXISTS (SELECT 1 FROM ${table} WHERE id = $3) AS id_taken,
             (SELECT record FROM mine WHERE paper_id = $2) AS same_record,
             (SELECT position FROM mine WHERE paper_id = $2) AS same_position
    ), inserted AS (
      INSERT INTO ${table} (id, target_key, paper_id, record)
      SELECT $3, $1, $2, $4 FROM facts
       WHERE NOT facts.id_taken AND facts.same_record IS NULL AND NOT (facts.count >= $5::double precision)
      RETURNING seq
    )
    SELECT facts.*, EXISTS (SELECT 1 FROM inserted) AS added FROM facts`;
  return {
    list: (target) =>
      db.op(async () => {
        const r = target
          ? await db.query<{ record: SavedPaper }>(`SELECT record FROM ${table} WHERE target_key = $1 ORDER BY seq`, [
              keyOf(target),
            ])
          : await db.query<{ record: SavedPaper }>(`SELECT record FROM ${table} ORDER BY seq`);
        return r.rows.map((row) => row.record);
      }),

    add: (input, limit) =>
      db.op(async () => {
        const entry = checkSaved(input);
        return db.transaction(
          async (sql): Promise<AddSavedResult> => {
            let facts: AddFacts;
            try {
              facts = (
                await sql.query<AddFacts>(addStatement, [
                  keyOf(entry.target),
                  toDbText(entry.paper.id),
                  toDbText(entry.id),
                  JSON.stringify(entry),
                  limit ?? NaN,
                ])
              ).rows[0]!;
            } catch (e) {
              // The same entry id, added to another place at this moment (that place holds another lock).
              if ((e as { constraint?: string }).constraint === 'saved_papers_id_unique')
                throw duplicateSavedId(entry.id);
              throw e;
            }
            // The checks of addSaved (saved-rules.ts), in its order.
            if (facts.id_taken) throw duplicateSavedId(entry.id);
            if (facts.same_record)
              return { outcome: 'duplicate', existing: facts.same_record, position: facts.same_position! };
            if (facts.count >= limit) return { outcome: 'limit_reached', count: facts.count };
            if (!facts.added) throw new Error('the checks passed but the saved paper was not inserted');
            return { outcome: 'added', saved: entry, position: facts.count + 1 };
          },
          savedLock(schema, entry.target),
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
  };
}
