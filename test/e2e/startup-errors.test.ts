import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../fakes/discord/fake-discord.js';
import { FAKE_APP_ID } from '../fakes/discord/payloads.js';
import { startFakeSlackApi } from '../fakes/slack/fake-slack-api.js';
import { FakeHf } from '../papers/fake-hf.js';

// `npm start` with a platform that refuses the token, and with one that cannot be
// reached: each says which it was, plainly, and exits 2 like any configuration error.
// No JSON error line, no stack trace, and a network failure never blames the token.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runs = 0;

function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample'],
      {
        cwd: root,
        env: { PATH: process.env.PATH, PAPERBOY_DATA_FILE: join(dir, `run-${runs++}`, 'store.json'), ...env },
        timeout: 60_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A loopback port with nothing listening: the platform is unreachable. */
async function closedPort(): Promise<number> {
  const off = await new FakeHf().start();
  const port = Number(new URL(off.url).port);
  await off.stop();
  return port;
}

function expectPlainExit2(r: { code: number; stderr: string }): string {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/"level":"(error|warn)"|"stack"|\bat .*\.(ts|js):\d+/);
  return r.stderr.trim().split('\n').at(-1)!;
}

const discordEnv = (apiUrl: string, token = 'tok-WRONG-456') => ({
  DISCORD_TOKEN: token,
  DISCORD_APP_ID: FAKE_APP_ID,
  DISCORD_API_URL: apiUrl,
});
const slackEnv = (apiUrl: string, extra: Record<string, string> = {}) => ({
  SLACK_BOT_TOKEN: 'xoxb-bad-0000',
  SLACK_SIGNING_SECRET: 'abc',
  SLACK_API_URL: apiUrl,
  PORT: '0',
  ...extra,
});

describe('start-up errors: Discord', { timeout: 90_000 }, () => {
  it('a refused token: says Discord refused DISCORD_TOKEN, exit 2', async () => {
    const fake = await FakeDiscord.start({ acceptToken: 'the-real-one' });
    try {
      const last = expectPlainExit2(await start(discordEnv(fake.apiUrl)));
      expect(last).toMatch(/Discord refused DISCORD_TOKEN \(401 Unauthorized\).*Reset Token/);
      expect(last).not.toContain('WRONG');
    } finally {
      await fake.close();
    }
  });

  it('no network: says Discord could not be reached and the token was not checked, exit 2', async () => {
    const port = await closedPort();
    for (const apiUrl of [`http://127.0.0.1:${port}/api`, `http://localhost:${port}/api`]) {
      const last = expectPlainExit2(await start(discordEnv(apiUrl)));
      expect(last).toMatch(/^Paperboy could not reach Discord \((127\.0\.0\.1|localhost):\d+ refused the connection\)/);
      expect(last).toContain('DISCORD_TOKEN was not checked');
      expect(last).not.toMatch(/Reset Token|Check DISCORD_TOKEN/);
    }
  });
});

describe('start-up errors: Slack', { timeout: 90_000 }, () => {
  for (const error of ['invalid_auth', 'token_revoked', 'not_authed']) {
    it(`a refused token (${error}): says Slack rejected SLACK_BOT_TOKEN, exit 2`, async () => {
      const api = await startFakeSlackApi();
      api.failNext('auth.test', { error });
      try {
        const last = expectPlainExit2(await start(slackEnv(api.apiUrl)));
        expect(last).toMatch(new RegExp(`Slack rejected SLACK_BOT_TOKEN \\(${error}\\)`));
        expect(last).not.toContain('xoxb-bad-0000');
      } finally {
        await api.close();
      }
    });
  }

  it('no network (HTTP mode): says Slack could not be reached and the token was not checked, exit 2', async () => {
    const port = await closedPort();
    const last = expectPlainExit2(await start(slackEnv(`http://127.0.0.1:${port}/api`)));
    expect(last).toMatch(
      /^Paperboy could not reach Slack at http:\/\/127\.0\.0\.1:\d+\/api \(127\.0\.0\.1:\d+ refused the connection\)/,
    );
    expect(last).toContain('SLACK_BOT_TOKEN was not checked');
    expect(last).not.toMatch(/rejected/);
  });

  it('no network (Socket Mode): the same, exit 2', async () => {
    const port = await closedPort();
    const r = await start(slackEnv(`http://127.0.0.1:${port}/api`, { SLACK_APP_TOKEN: 'xapp-bad-0000' }));
    const last = expectPlainExit2(r);
    expect(last).toMatch(/^Paperboy could not reach Slack/);
    expect(r.stderr).not.toContain('xapp-bad-0000');
  });

  it('a refused app-level token (Socket Mode): says Slack rejected SLACK_APP_TOKEN, exit 2', async () => {
    const api = await startFakeSlackApi(); // auth.test passes; apps.connections.open refuses
    try {
      const r = await start(slackEnv(api.apiUrl, { SLACK_APP_TOKEN: 'xapp-bad-0000' }));
      const last = expectPlainExit2(r);
      expect(last).toMatch(/Slack rejected SLACK_APP_TOKEN \(not_allowed_token_type\).*connections:write/);
      expect(r.stderr).not.toContain('xapp-bad-0000');
    } finally {
      await api.close();
    }
  });
});
