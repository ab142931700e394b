/**
 * Subscriptions and digest schedules in PostgreSQL. Each change to one place runs in a
 * transaction that first takes that place's advisory lock, so its checks and its write
 * are one step for every instance on the database; the unique constraints (one id, one
 * topic key per place) back them up. Reads are single statements.
 */
import type { Target } from '../../caller.js';
import { patchSchedule, putSchedule } from '../rules.js';
import { checkRecord, checkSchedule, checkSubscription, schedulePatchSchema } from '../schema.js';
import { StoreError } from '../store-error.js';
import type { AddSubscriptionResult, DigestSchedule, DigestStore, Subscription, SubscriptionStore } from '../store.js';
import { lockKey, type AdvisoryLock, type Db, type Sql } from './db.js';
import { quoteIdent } from './migrations.js';
import { keyOf, placeList } from './place-list.js';

export { keyOf };

/** `target`'s lock: one writer per place at a time, in every instance on the schema. */
export const placeLock = (schema: string, target: Target): AdvisoryLock => [
  lockKey(`paperboy:place:${schema}`),
  lockKey(keyOf(target)),
];

export function pgSubscriptions(db: Db, schema: string): SubscriptionStore {
  const subs = placeList<Subscription>(db, {
    table: `${quoteIdent(schema)}.subscriptions`,
    keyColumn: 'topic_key',
    idConstraint: 'subscriptions_id_unique',
    keyOfRecord: (sub) => sub.key,
    lock: (target) => placeLock(schema, target),
    duplicateId,
    what: 'subscription',
  });
  return {
    list: (target) => subs.list(target),
    add: async (input, limit): Promise<AddSubscriptionResult> => {
      const sub = checkSubscription(input);
      const r = await subs.add(sub, limit);
      return r.outcome === 'added' ? { outcome: 'added', subscription: sub, position: r.position } : r;
    },
    remove: (target, id) => subs.remove(target, id),
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
