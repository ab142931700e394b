/**
 * The PostgreSQL schema, as versioned migrations applied at open.
 *
 * Opening takes a transaction-scoped advisory lock for the schema, so any number of
 * instances starting at once migrate exactly once: the first applies what is missing,
 * the others wait on the lock and then find nothing to do. The `migrations` table
 * records each applied version. A schema at a version newer than this code knows is
 * refused, never "repaired".
 *
 * To change the schema: append a migration (never edit an applied one) and cover it in
 * test/store/postgres-store.test.ts.
 *
 * Why the tables look as they do:
 * - Records are `json` (exact text), not `jsonb`: jsonb refuses \u0000 and lone
 *   surrogates, which the other engines store and give back unchanged. No rule reads
 *   inside a record; the columns beside it hold what the rules and indexes need.
 * - Key columns hold toDbText(key) (text.ts). Times the rules compare are epoch ms in
 *   double precision: the same numbers, and the same comparisons, as the JavaScript rules.
 * - A subscription's `seq` (bigserial) keeps a place's topics in the order they came.
 */
import type { Logger } from '../../logger.js';
import { StoreError } from '../store-error.js';
import type { Db, Sql } from './db.js';
import type { Where } from './errors.js';
import { ALERT_TABLES } from './alert-tables.js';

export interface PgMigration {
  version: number;
  describe: string;
  sql: string;
}

export const migrations: PgMigration[] = [
  {
    version: 1,
    describe: 'subscriptions, digest schedules, the delivery ledger, once-keys and named values',
    sql: `
      CREATE TABLE subscriptions (
        seq bigserial PRIMARY KEY,
        id text NOT NULL CONSTRAINT subscriptions_id_unique UNIQUE,
        target_key text NOT NULL,
        topic_key text NOT NULL,
        record json NOT NULL,
        CONSTRAINT subscriptions_one_topic_per_place UNIQUE (target_key, topic_key)
      );
      CREATE INDEX subscriptions_by_place ON subscriptions (target_key, seq);

      CREATE TABLE schedules (
        target_key text PRIMARY KEY,
        seq bigserial NOT NULL,
        enabled boolean NOT NULL,
        disabled boolean NOT NULL,
        -- Date.parse(dueAt); -Infinity when absent (due at the next tick), NaN when unparseable (never)
        due_ms double precision NOT NULL,
        record json NOT NULL
      );
      CREATE INDEX schedules_due ON schedules (due_ms) WHERE enabled AND NOT disabled;

      CREATE TABLE deliveries (
        target_key text NOT NULL,
        list_date text COLLATE "C" NOT NULL,
        state text NOT NULL CHECK (state IN ('claimed', 'planned', 'posting', 'done', 'skipped', 'failed')),
        version bigint NOT NULL,
        owner text,
        lease_until_ms double precision,
        -- the row without version, owner and leaseUntil, which live in the columns
        record json NOT NULL,
        PRIMARY KEY (target_key, list_date)
      );
      CREATE INDEX deliveries_by_list ON deliveries (list_date);

      CREATE TABLE once_keys (
        key text PRIMARY KEY,
        expires_ms double precision NOT NULL
      );
      CREATE INDEX once_keys_by_expiry ON once_keys (expires_ms);

      CREATE TABLE meta (
        name text PRIMARY KEY,
        value json NOT NULL
      );
    `,
  },
  {
    version: 2,
    describe: 'installations: one sealed app installation per workspace (Slack OAuth)',
    // Only the sealed record: no column holds a token (src/store/postgres/installations.ts).
    sql: `
      CREATE TABLE installations (
        platform text NOT NULL,
        workspace_id text NOT NULL,
        seq bigserial NOT NULL,
        record json NOT NULL,
        PRIMARY KEY (platform, workspace_id)
      );
    `,
  },
  {
    version: 3,
    describe: 'alerts and the (place, paper) alert ledger',
    sql: ALERT_TABLES,
  },
  {
    version: 4,
    describe: 'reading lists (saved papers): one row per (place, paper)',
    sql: `
    CREATE TABLE saved_papers (
      seq bigserial PRIMARY KEY,
      id text NOT NULL CONSTRAINT saved_papers_id_unique UNIQUE,
      target_key text NOT NULL,
      paper_id text NOT NULL,
      record json NOT NULL,
      CONSTRAINT saved_papers_one_per_place UNIQUE (target_key, paper_id)
    );
    CREATE INDEX saved_papers_by_place ON saved_papers (target_key, seq);
  `,
  },
];

export const LATEST_PG_VERSION = migrations.at(-1)!.version;

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Bring the schema to LATEST_PG_VERSION, creating it if needed; one instance at a time. */
export async function migrate(db: Db, where: Where, logger: Logger, steps = migrations): Promise<void> {
  const schema = quoteIdent(where.schema);
  const latest = steps.at(-1)?.version ?? 0;
  const applied = await db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`paperboy:migrate:${where.schema}`]);
    // CREATE SCHEMA IF NOT EXISTS would still need the right to create schemas.
    const exists = await sql.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [where.schema]);
    if (exists.rowCount === 0) await sql.query(`CREATE SCHEMA ${schema}`);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (
         version integer PRIMARY KEY,
         describe text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const current = await currentVersion(sql, schema);
    if (current > latest) throw newerSchema(where, current, latest);
    await sql.query(`SET LOCAL search_path TO ${schema}`);
    const pending = steps.filter((m) => m.version > current);
    for (const m of pending) {
      await sql.query(m.sql);
      await sql.query('INSERT INTO migrations (version, describe) VALUES ($1, $2)', [m.version, m.describe]);
    }
    return { from: current, pending: pending.length };
  });
  if (applied.pending > 0) {
    logger.info('store: migrated PostgreSQL schema', {
      database: where.database,
      schema: where.schema,
      from: applied.from,
      to: latest,
    });
  }
}

async function currentVersion(sql: Sql, schema: string): Promise<number> {
  const r = await sql.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${schema}.migrations`);
  return r.rows[0]?.v ?? 0;
}

const newerSchema = (where: Where, current: number, latest: number): StoreError =>
  new StoreError(
    'store_newer_version',
    `Paperboy cannot use the PostgreSQL schema ${where.schema} at ${where.database}: a newer Paperboy set it up ` +
      `(schema version ${current}; this version knows up to ${latest}) and Paperboy will not guess at what it holds. ` +
      'Upgrade Paperboy to the version the other instances run, or point it at another schema or database.',
  );
