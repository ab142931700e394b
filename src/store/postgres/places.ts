/**
 * Subscriptions and digest schedules in PostgreSQL. Each change to one place runs in a
 * transaction that first takes that place's advisory lock, so its checks and its write
 * are one step for every instance on the database; the unique constraints (one id, one
 * topic key per place) back them up. Reads are single statements.
 */
import { targetKey, type Target } from '../../caller.js';
import { patchSchedule, putSchedule } from '../rules.js';
import { checkRecord, checkSchedule, checkSubscription, schedulePatchSchema } from '../schema.js';
import { StoreError } from '../store-error.js';
import type { AddSubscriptionResult, DigestSchedule, DigestStore, Subscription, SubscriptionStore } from '../store.js';
import { lockKey, type AdvisoryLock, type Db, type Sql } from './db.js';
import { quoteIdent } from './migrations.js';
import { toDbText } from './text.js';

export const keyOf = (t: Target): string => toDbText(targetKey(t));

/** `target`'s lock: one writer per place at a time, in every instance on the schema. */
export const placeLock = (schema: string, target: Target): AdvisoryLock => [
  lockKey(`paperboy:place:${schema}`),
  lockKey(keyOf(target)),
];

interface AddFacts {
  count: number;
  id_taken: boolean;
  same_record: Subscription | null;
  same_position: number | null;
  added: boolean;
}

export function pgSubscriptions(db: Db, schema: string): SubscriptionStore {
  const subs = `${quoteIdent(schema)}.subscriptions`;
  /**
   * Under the place's lock, one statement reads what the rule needs and inserts only when
   * it allows: no id like it, no topic like it in the place, fewer than the limit. Its
   * `count >= $5` is JavaScript's `>=` for every number ($5 is NaN for no limit, which
   * compares false in both).
   */
  const addStatement = `
    WITH mine AS (
      SELECT topic_key, record, (row_number() OVER (ORDER BY seq))::int AS position FROM ${subs} WHERE target_key = $1
    ), facts AS (
      SELECT (SELECT count(*) FROM mine)::int AS count,
             EXISTS (SELECT 1 FROM ${subs} WHERE id = $3) AS id_taken,
             (SELECT record FROM mine WHERE topic_key = $2) AS same_record,
             (SELECT position FROM mine WHERE topic_key = $2) AS same_position
    ), inserted AS (
      INSERT INTO ${subs} (id, target_key, topic_key, record)
      SELECT $3, $1, $2, $4 FROM facts
       WHERE NOT facts.id_taken AND facts.same_record IS NULL AND NOT (facts.count >= $5::double precision)
      RETURNING seq
    )
    SELECT facts.*, EXISTS (SELECT 1 FROM inserted) AS added FROM facts`;
  return {
    list: (target) =>
      db.op(async () => {
        const r = target
          ? await db.query<{ record: Subscription }>(`SELECT record FROM ${subs} WHERE target_key = $1 ORDER BY seq`, [
              keyOf(target),
            ])
          : await db.query<{ record: Subscription }>(`SELECT record FROM ${subs} ORDER BY seq`);
        return r.rows.map((row) => row.record);
      }),

    add: (input, limit) =>
      db.op(async () => {
        const sub = checkSubscription(input);
        return db.transaction(
          async (sql): Promise<AddSubscriptionResult> => {
            let facts: AddFacts;
            try {
              facts = (
                await sql.query<AddFacts>(addStatement, [
                  keyOf(sub.target),
                  toDbText(sub.key),
                  toDbText(sub.id),
                  JSON.stringify(sub),
                  limit ?? NaN,
                ])
              ).rows[0]!;
            } catch (e) {
              // The same id, added to another place at this moment (that place holds another lock).
              if ((e as { constraint?: string }).constraint === 'subscriptions_id_unique') throw duplicateId(sub.id);
              throw e;
            }
            // The checks of rules.addSubscription, in its order; the statement inserted only if all passed.
            if (facts.id_taken) throw duplicateId(sub.id);
            if (facts.same_record)
              return { outcome: 'duplicate', existing: facts.same_record, position: facts.same_position! };
            if (facts.count >= limit) return { outcome: 'limit_reached', count: facts.count };
            if (!facts.added) throw new Error('the checks passed but the subscription was not inserted');
            return { outcome: 'added', subscription: sub, position: facts.count + 1 };
          },
          placeLock(schema, sub.target),
        );
      }),

    remove: (target, id) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${subs} WHERE id = $1 AND target_key = $2`, [
          toDbText(id),
          keyOf(target),
        ]);
        return (r.rowCount ?? 0) > 0;
      }),
  };
}

const duplicateId = (id: string): StoreError =>
  new StoreError('duplicate_id', `A subscription with id ${id} is already stored.`);

/** The columns the due index needs, from the record they are kept with. */
const dueColumns = (s: DigestSchedule): [boolean, boolean, number] => [
  s.enabled,
  s.disabled !== undefined,
  s.dueAt === undefined ? -Infinity : Date.parse(s.dueAt),
];

export function pgDigests(db: Db, schema: string): DigestStore {
  const schedules = `${quoteIdent(schema)}.schedules`;
  const select = `SELECT record FROM ${schedules}`;
  const read = async (sql: Sql, target: Target): Promise<DigestSchedule | undefined> =>
    (await sql.query<{ record: DigestSchedule }>(`${select} WHERE target_key = $1`, [keyOf(target)])).rows[0]?.record;
  const write = (sql: Sql, s: DigestSchedule) =>
    sql.query(
      `INSERT INTO ${schedules} (target_key, enabled, disabled, due_ms, record) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (target_key) DO UPDATE
         SET enabled = EXCLUDED.enabled, disabled = EXCLUDED.disabled, due_ms = EXCLUDED.due_ms, record = EXCLUDED.record`,
      [keyOf(s.target), ...dueColumns(s), JSON.stringify(s)],
    );
  /** Read, change by the shared rule and write back, under the place's lock. */
  const change = <R>(target: Target, apply: (all: DigestSchedule[]) => R) =>
    db.transaction(
      async (sql) => {
        const existing = await read(sql, target);
        const all = existing ? [existing] : [];
        const result = apply(all);
        if (all[0] && all[0] !== existing) await write(sql, all[0]);
        return result;
      },
      placeLock(schema, target),
    );

  return {
    get: (target) => db.op(() => read(db, target)),
    list: () =>
      db.op(async () =>
        (await db.query<{ record: DigestSchedule }>(`${select} ORDER BY seq`)).rows.map((r) => r.record),
      ),
    put: (input) =>
      db.op(async () => {
        const schedule = checkSchedule(input);
        await change(schedule.target, (all) => putSchedule(all, schedule));
      }),
    patch: (target, input) =>
      db.op(async () => {
        const patch = checkRecord(schedulePatchSchema, 'schedule change', input);
        return change(target, (all) => patchSchedule(all, target, patch));
      }),
    remove: (target) =>
      db.op(async () => {
        const r = await db.query(`DELETE FROM ${schedules} WHERE target_key = $1`, [keyOf(target)]);
        return (r.rowCount ?? 0) > 0;
      }),
    due: (now) =>
      db.op(async () => {
        const t = now.getTime();
        // An invalid `now` is before every dueAt, as in JavaScript; in SQL NaN sorts above all.
        const when = Number.isNaN(t) ? `due_ms = '-Infinity'` : 'due_ms <= $1';
        const r = await db.query<{ record: DigestSchedule }>(
          `${select} WHERE enabled AND NOT disabled AND ${when} ORDER BY seq`,
          Number.isNaN(t) ? [] : [t],
        );
        return r.rows.map((row) => row.record);
      }),
  };
}
