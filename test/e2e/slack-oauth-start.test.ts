import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';
import { startFakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { installation } from '../store/installations.contract.js';

// `npm start` in Slack OAuth mode: what stops it, said plainly, exit 2 like any bad setting.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-oauth-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OAUTH = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'client-secret-0123456789',
  SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
  SLACK_SIGNING_SECRET: 'signing-secret',
  PORT: '0',
};

function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample'],
      { cwd: root, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stderr }),
    );
  });
}

describe('npm start in Slack OAuth mode', () => {
  it('without PAPERBOY_SECRET_KEY: exit 2, naming it', async () => {
    const r = await start({ ...OAUTH, PAPERBOY_DATA_FILE: join(dir, 'a', 'store.json') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Slack OAuth needs PAPERBOY_SECRET_KEY');
  }, 60_000);

  it('with a key that does not open a stored installation: exit 2, naming the workspace, nothing read in clear', async () => {
    const file = join(dir, 'b', 'store.json');
    const store = await openJsonStore({ file, logger: silentLogger });
    await store.installations.put(installation('T0SEALED')); // sealed under the contract's key
    await store.close();
    const fake = await startFakeSlackApi();
    try {
      const r = await start({
        ...OAUTH,
        SLACK_API_URL: fake.apiUrl,
        PAPERBOY_DATA_FILE: file,
        PAPERBOY_SECRET_KEY: 'not-the-key-it-was-sealed-with-0123456789',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'PAPERBOY_SECRET_KEY does not open the stored Slack installation of workspace T0SEALED',
      );
      expect(r.stderr).not.toMatch(/"stack"|\bat .*\.(ts|js):\d+/);
    } finally {
      await fake.close();
    }
  }, 60_000);
});
