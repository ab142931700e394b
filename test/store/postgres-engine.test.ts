import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger, silentLogger } from '../../src/logger.js';
import { StoreError } from '../../src/store/store-error.js';
import type { Store } from '../../src/store/store.js';
import { LATEST_PG_VERSION, migrations } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { describeIfPg, dropSchemasLike, pgUrl, testSchema, withClient } from './pg-env.js';
import { alice, general, schedule, subscription } from './store.contract.js';

/** What the PostgreSQL engine adds to the contract: migrations, connections, failures. */
const base = testSchema('engine');
let n = 0;
const freshSchema = () => `${base}_${n++}`;
const opened: Store[] = [];
const open = async (schema: string, logger = silentLogger) => {
  const store = await openPostgresStore({ url: pgUrl!, schema, logger });
  opened.push(store);
  return store;
};

async function refusal(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** pgUrl with its user, password, port or database replaced (the cases are built even when skipped). */
function urlWith(parts: { user?: string; password?: string; port?: string; database?: string }): string {
  const u = new URL(pgUrl ?? 'postgres://postgres@127.0.0.1:5432/test');
  if (parts.user !== undefined) u.username = parts.user;
  if (parts.password !== undefined) u.password = parts.password;
  if (parts.port !== undefined) u.port = parts.port;
  if (parts.database !== undefined) u.pathname = `/${parts.database}`;
  return u.toString();
}

const tablesOf = (schema: string) =>
  withClient(async (c) =>
    (
      await c.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      )
    ).rows.map((r) => r.table_name),
  );

describeIfPg('PostgreSQL store engine', () => {
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  afterAll(() => dropSchemasLike(base));

  describe('migrations', () => {
    it('five stores opening a fresh schema at once migrate it once: one set of tables, each version recorded once', async () => {
      const schema = freshSchema();
      const logger = new MemoryLogger();
      const stores = await Promise.all(Array.from({ length: 5 }, () => open(schema, logger)));
      expect(stores.map((s) => s.kind)).toEqual(Array(5).fill('postgres'));
      expect(await tablesOf(schema)).toEqual([
        'alert_ledger',
        'alerts',
        'deliveries',
        'installations',
        'meta',
        'migrations',
        'once_keys',
        'saved_papers',
        'schedules',
        'subscriptions',
      ]);
      const versions = await withClient((c) => c.query(`SELECT version FROM "${schema}".migrations ORDER BY version`));
      expect(versions.rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
      expect(logger.entries.filter((e) => e.msg === 'store: migrated PostgreSQL schema')).toHaveLength(1);
      // They share one store: what one writes, all read.
      await stores[0]!.subscriptions.add(subscription('s1', alice), 25);
      for (const s of stores) expect((await s.subscriptions.list(alice)).map((x) => x.id)).toEqual(['s1']);
    });

    it('a reopened schema keeps its data and is not migrated again', async () => {
      const schema = freshSchema();
      const first = await open(schema);
      await first.subscriptions.add(subscription('s1', alice, 'grokking'), 25);
      await first.digests.put(schedule(general));
      await first.close();
      const logger = new MemoryLogger();
      const second = await open(schema, logger);
      expect(await second.subscriptions.list()).toEqual([subscription('s1', alice, 'grokking')]);
      expect(await second.digests.get(general)).toEqual(schedule(general));
      expect(logger.entries.some((e) => e.msg === 'store: migrated PostgreSQL schema')).toBe(false);
    });

    it('refuses a schema a newer Paperboy migrated, naming both versions, and changes nothing', async () => {
      const schema = freshSchema();
      await (await open(schema)).subscriptions.add(subscription('s1', alice), 25);
      const newer = LATEST_PG_VERSION + 1;
      await withClient((c) =>
        c.query(`INSERT INTO "${schema}".migrations (version, describe) VALUES ($1, 'from the future')`, [newer]),
      );
      const error = await refusal(open(schema));
      expect(error.code).toBe('store_newer_version');
      expect(error.message).toContain(`schema version ${newer}`);
      expect(error.message).toContain(`knows up to ${LATEST_PG_VERSION}`);
      expect(error.message).toContain(schema);
      expect(error.message).toMatch(/Upgrade Paperboy/);
      const left = await withClient((c) => c.query(`SELECT id FROM "${schema}".subscriptions`));
      expect(left.rows).toEqual([{ id: 's1' }]);
    });
  });

  describe('a database it cannot use', () => {
    const password = 'pw-Secr3t-never-shown';
    const where = new URL(pgUrl ?? 'postgres://x@h/d');
    const cases: [string, string, RegExp][] = [
      ['nothing listening on the port', urlWith({ port: '1', password }), /refused.*Start PostgreSQL/],
      [
        'an unknown database',
        urlWith({ database: 'paperboy_no_such_db', password }),
        /"paperboy_no_such_db" does not exist.*createdb/,
      ],
      ['an unknown user', urlWith({ user: 'paperboy_no_such_role', password }), /paperboy_no_such_role.*user name/],
    ];
    it.each(cases)('%s → store_unreachable naming user@host:port/db, never the password', async (_what, url, says) => {
      const error = await refusal(openPostgresStore({ url, schema: freshSchema(), logger: silentLogger }));
      expect(error.code).toBe('store_unreachable');
      const u = new URL(url);
      expect(error.message).toContain(`${u.username}@${u.hostname}:${u.port || '5432'}/${u.pathname.slice(1)}`);
      expect(error.message).toMatch(says);
      expect(error.message).not.toContain(password);
      expect(JSON.stringify(error)).not.toContain(password);
    });

    it.each([
      ['an http URL', `http://user:${password}@${where.host}/db`],
      ['not a URL at all', `user:${password}@nowhere`],
      ['another database', `mysql://user:${password}@127.0.0.1:3306/db`],
      ['an empty string', ''],
    ])('%s → store_unreachable saying what a URL looks like, without repeating it', async (_what, url) => {
      const error = await refusal(openPostgresStore({ url, logger: silentLogger }));
      expect(error.code).toBe('store_unreachable');
      expect(error.message).toContain('postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE');
      expect(error.message).not.toContain(password);
    });

    it.each(['Paperboy', 'paper-boy', 'x"; DROP TABLE y; --', '1st', '', 'a'.repeat(64)])(
      'the schema name %j is refused before anything is sent',
      async (schema) => {
        const error = await refusal(openPostgresStore({ url: pgUrl!, schema, logger: silentLogger }));
        expect(error.code).toBe('store_unreachable');
        expect(error.message).toMatch(/lower-case letters, digits and _/);
      },
    );

    it('accepts the URL as a Secret, revealed only to the driver', async () => {
      const store = await openPostgresStore({
        url: { reveal: () => pgUrl! },
        schema: freshSchema(),
        logger: silentLogger,
      });
      opened.push(store);
      expect(await store.subscriptions.list()).toEqual([]);
    });
  });

  describe('failures while running', () => {
    it('connections the server drops are replaced: the next operations work, nothing crashes', async () => {
      const schema = freshSchema();
      const logger = new MemoryLogger();
      const store = await open(schema, logger);
      await Promise.all(Array.from({ length: 4 }, (_, i) => store.subscriptions.add(subscription(`a${i}`, alice), 25)));
      const killed = await withClient((c) =>
        c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
          `paperboy/${schema}`,
        ]),
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await store.subscriptions.add(subscription('after', alice), 25);
      expect(await store.subscriptions.list(alice)).toHaveLength(5);
      expect(logger.entries.some((e) => e.msg === 'store: PostgreSQL connection lost')).toBe(true);
    });

    it('tables changed by hand → store_failed naming the schema, the SQLSTATE and what to do', async () => {
      const schema = freshSchema();
      const store = await open(schema);
      await withClient((c) => c.query(`DROP TABLE "${schema}".schedules`));
      const error = await refusal(store.digests.list());
      expect(error.code).toBe('store_failed');
      expect(error.message).toContain(`schema ${schema}`);
      expect(error.message).toContain('SQLSTATE 42P01');
      expect(error.message).toMatch(/changed by hand/);
      expect((await store.subscriptions.list()).length).toBe(0); // the rest still works
    });

    it('refuses a lease or a once-claim it could not store, with invalid_record', async () => {
      const store = await open(freshSchema());
      const t0 = new Date('2026-11-27T10:00:00.000Z');
      const bad = [
        { owner: 'a', now: new Date(NaN), ms: 60_000 },
        { owner: 'a', now: t0, ms: NaN },
        { owner: 'a', now: t0, ms: Infinity },
        { owner: 'a', now: t0, ms: 9e15 },
        { owner: undefined as unknown as string, now: t0, ms: 1 },
      ];
      for (const lease of bad) {
        expect((await refusal(store.deliveries.claim(general, '2026-11-26', lease))).code).toBe('invalid_record');
      }
      expect((await refusal(store.once.claim('k', new Date(NaN), 1))).code).toBe('invalid_record');
      expect((await refusal(store.once.claim('k', t0, NaN))).code).toBe('invalid_record');
      expect(await store.deliveries.get(general, '2026-11-26')).toBeUndefined();
    });
  });
});
