import pg from 'pg';
import type { Logger } from '../../logger.js';
import type { Store } from '../store.js';
import { Db } from './db.js';
import { checkSchemaName, whereOf } from './errors.js';
import { migrate } from './migrations.js';
import { PostgresStore } from './postgres-store.js';

/**
 * The store for several Paperboy instances: PostgreSQL through node-postgres (`pg`),
 * with its connection pool. `url` is a postgres:// URL (a Secret from the config works
 * too: it is revealed only to the driver); the password never appears in a message or a
 * log line. Opening connects, creates the schema if needed and runs the migrations
 * (migrations.ts); a server that cannot be reached rejects with `store_unreachable`, a
 * schema from a newer Paperboy with `store_newer_version`.
 */
export interface PostgresStoreOptions {
  url: string | { reveal(): string };
  /** The schema that holds Paperboy's tables; created on first open */
  schema?: string;
  logger: Logger;
  /** Connections this instance may hold at once (default 10) */
  poolSize?: number;
  /** Clock for sweeping expired once-keys; leases use the caller's `Lease.now` */
  now?: () => Date;
}

export const DEFAULT_PG_SCHEMA = 'paperboy';
/** How long an operation waits for a connection (a new one, or a free one from the pool). */
const CONNECT_TIMEOUT_MS = 15_000;

export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const url = typeof options.url === 'string' ? options.url : options.url.reveal();
  const schema = checkSchemaName(options.schema ?? DEFAULT_PG_SCHEMA);
  const where = whereOf(url, schema);
  const { logger } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    // pg_stat_activity then shows which Paperboy schema a connection serves.
    application_name: `paperboy/${schema}`,
  });
  // An idle connection that dies (server restart) is reported here; unheard, it would end the process.
  pool.on('error', (e) =>
    logger.warn('store: PostgreSQL connection lost', { database: where.database, error: e.message }),
  );
  const db = new Db(pool, where, logger);
  try {
    await db.op(() => migrate(db, where, logger));
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  logger.debug('store: opened PostgreSQL store', { database: where.database, schema });
  return new PostgresStore(db, schema, logger, options.now ?? (() => new Date()));
}
