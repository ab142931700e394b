import type pg from 'pg';
import type { Logger } from '../../logger.js';
import { closedError, toStoreError, type Where } from './errors.js';

/** Something that runs one SQL statement: the pool (its own connection) or a transaction's client. */
export interface Sql {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The two int4 keys of a transaction-scoped advisory lock. */
export type AdvisoryLock = readonly [number, number];

const int4 = (n: number): number => {
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new Error(`not an int4 lock key: ${n}`);
  return n;
};

/** FNV-1a over UTF-16 code units, as a signed int4: the same key in every instance and version. */
export function lockKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * The store's connection pool. Every store operation runs through `op`: refused once the
 * store is closed, awaited by `close`, and its failures turned into StoreErrors. A
 * statement outside `transaction` is atomic on its own; `transaction` gives one client
 * for BEGIN … COMMIT and rolls back on any error.
 */
export class Db implements Sql {
  #closed = false;
  #ended: Promise<void> | undefined;
  readonly #pending = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    readonly where: Where,
    private readonly logger: Logger,
  ) {}

  op<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(closedError());
    const run = (async () => {
      try {
        return await fn();
      } catch (e) {
        throw toStoreError(e, this.where);
      }
    })();
    this.#pending.add(run);
    const forget = () => void this.#pending.delete(run);
    run.then(forget, forget);
    return run;
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  /**
   * BEGIN … COMMIT on one client. With `lock`, the transaction first takes that advisory
   * lock (two int4 keys), sent with the BEGIN in one round trip: every later statement
   * then reads what the previous holder committed.
   */
  async transaction<T>(fn: (sql: Sql) => Promise<T>, lock?: AdvisoryLock): Promise<T> {
    const begin = lock ? `BEGIN; SELECT pg_advisory_xact_lock(${int4(lock[0])}, ${int4(lock[1])})` : 'BEGIN';
    const client = await this.pool.connect();
    // A connection that dies while checked out emits 'error' on its client; unheard, that
    // would end the process. The statement in flight rejects on its own.
    const onError = (e: Error) =>
      this.logger.warn('store: PostgreSQL connection lost', { database: this.where.database, error: e.message });
    client.on('error', onError);
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken = rollback;
      });
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /** Let running operations finish, then close every connection; later operations reject. */
  close(): Promise<void> {
    if (!this.#ended) {
      this.#closed = true;
      this.#ended = (async () => {
        await Promise.allSettled([...this.#pending]);
        await this.pool.end();
      })();
    }
    return this.#ended;
  }
}
