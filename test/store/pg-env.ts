/**
 * Where the PostgreSQL tests find their server: PAPERBOY_TEST_DATABASE_URL, nothing
 * else. Without it they are skipped, and one line (once per test run, however many
 * files import this) says how to run them. `.ci/run` sets it, so CI always runs them.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';

export const pgUrl: string | undefined = process.env.PAPERBOY_TEST_DATABASE_URL?.trim() || undefined;
export const describeIfPg = pgUrl ? describe : describe.skip;

if (!pgUrl) {
  // Test files run in forks of one vitest process: the first to create the marker speaks.
  try {
    writeFileSync(join(tmpdir(), `paperboy-pg-skipped-${process.ppid}`), '', { flag: 'wx' });
    console.log(
      'PostgreSQL tests skipped: set PAPERBOY_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them',
    );
  } catch {
    // Another file of this run said it already.
  }
}

/** A schema name no other test file, test or run uses. */
export const testSchema = (label: string): string => `paperboy_test_${label}_${randomBytes(4).toString('hex')}`;

/** Run `fn` on a connection of its own (not a store's), then close it. */
export async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const dropSchemas = (...schemas: string[]): Promise<void> =>
  withClient(async (c) => {
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  });

/** Drop every schema whose name starts with `prefix` (what a failed test may have left). */
export const dropSchemasLike = (prefix: string): Promise<void> =>
  withClient(async (c) => {
    const r = await c.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [
      prefix,
    ]);
    for (const { nspname } of r.rows) await c.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  });
