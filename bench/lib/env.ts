/**
 * The one bench file that reads process.env (lint exempts only this one, as it does
 * src/config.ts for the bot). Row arguments stay CLI arguments; these are the few
 * settings a developer sets around a run.
 */

/** PAPERBOY_BENCH_CORPUS: a corpus file other than the committed test/fixtures/corpus/papers.jsonl.gz */
export const corpusOverride: string | undefined = process.env.PAPERBOY_BENCH_CORPUS || undefined;

/**
 * The environment for a child Paperboy a row starts: only PATH from ours, so the
 * developer's DISCORD_TOKEN and the like never reach it.
 */
export function childEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return { PATH: process.env.PATH, ...extra };
}

/** PAPERBOY_BENCH_DATABASE_URL: the PostgreSQL server the store rows use (default: the test server) */
export const benchDatabaseUrl: string =
  process.env.PAPERBOY_BENCH_DATABASE_URL ??
  process.env.PAPERBOY_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
