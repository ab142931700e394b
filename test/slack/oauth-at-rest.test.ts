import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StartupError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { openPostgresStore } from '../../src/store/postgres/open.js';
import { install } from '../fakes/slack/fake-oauth.js';
import { describeIfPg, dropSchemas, pgUrl, testSchema, withClient } from '../store/pg-env.js';
import { startOAuthHarness, type OAuthHarness } from './oauth-harness.js';

/**
 * Bot tokens at rest: installed through the real OAuth flow into the JSON files and into
 * PostgreSQL, then looked for byte by byte in what was written. And the key: a store
 * whose installations do not open with PAPERBOY_SECRET_KEY stops start-up, plainly.
 */
const TEAM = { id: 'T0ATREST', name: 'At Rest Lab' };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

let h: OAuthHarness | undefined;
let dir = '';
afterEach(async () => {
  await h?.close();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

describe('Slack bot tokens at rest', () => {
  it('the JSON files hold no byte of the token, and the installation still works', async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-oauth-'));
    const file = join(dir, 'paperboy.json');
    h = await startOAuthHarness({ store: await openJsonStore({ file, logger: silentLogger }) });
    expect((await install(h.baseUrl, h.oauth, TEAM)).status).toBe(200);
    const token = h.oauth.tokenOf(TEAM.id)!;
    const files = await filesUnder(dir);
    expect(files.some((f) => f.includes('installations'))).toBe(true);
    for (const f of files) {
      const bytes = await readFile(f);
      expect(bytes.includes(Buffer.from(token)), f).toBe(false);
      // Not even its distinctive part, nor in base64.
      expect(bytes.includes(Buffer.from('s3cr3ts3cr3t')), f).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(token).toString('base64').slice(0, 16))), f).toBe(false);
    }
    // The installation opens again with the key: a command from the workspace is answered.
    expect(await h.slash(TEAM.id, 'help')).toContain('papers');
  });

  it('a store whose installation was sealed under another PAPERBOY_SECRET_KEY stops start-up and says so', async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-oauth-'));
    const file = join(dir, 'paperboy.json');
    h = await startOAuthHarness({ store: await openJsonStore({ file, logger: silentLogger }) });
    await install(h.baseUrl, h.oauth, TEAM);
    await h.close();
    h = undefined;
    const store = await openJsonStore({ file, logger: silentLogger });
    const started = startOAuthHarness({
      store,
      env: { PAPERBOY_SECRET_KEY: 'a-different-secret-key-0123456789abcdef' },
    });
    const error = await started.then(
      () => undefined,
      (e: unknown) => e,
    );
    await store.close();
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain('PAPERBOY_SECRET_KEY does not open the stored Slack installation');
    expect((error as Error).message).toContain(TEAM.id);
    expect((error as Error).message).toContain('different PAPERBOY_SECRET_KEY');
  });
});

describeIfPg('Slack bot tokens at rest in PostgreSQL', () => {
  const schema = testSchema('oauth');
  afterAll(() => dropSchemas(schema));

  it('no row of any table holds the token', async () => {
    h = await startOAuthHarness({ store: await openPostgresStore({ url: pgUrl!, schema, logger: silentLogger }) });
    expect((await install(h.baseUrl, h.oauth, TEAM)).status).toBe(200);
    const token = h.oauth.tokenOf(TEAM.id)!;
    const dump = await withClient(async (c) => {
      const tables = await c.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
        schema,
      ]);
      let text = '';
      for (const { tablename } of tables.rows) {
        const rows = await c.query(`SELECT t::text AS row FROM "${schema}"."${tablename}" t`);
        text += rows.rows.map((r: { row: string }) => r.row).join('\n');
      }
      return text;
    });
    expect(dump).toContain(TEAM.id);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('s3cr3ts3cr3t');
    expect(await h.slash(TEAM.id, 'help')).toContain('papers');
  });
});
