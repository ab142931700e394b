import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real entry point in a child process, as `npm start -- …` does. */
function paperboy(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/paperboy.ts', ...args],
      // No platform tokens and no network: HF_API_URL points at a closed loopback port.
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          PAPERBOY_DATA_FILE: join(dir, 'store.json'),
          HF_API_URL: 'http://127.0.0.1:9',
          ...env,
        },
        timeout: 30_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm start -- --exec', () => {
  it('prints the newest sample day, still filling on the sample clock, sorted by upvotes, and exits 0', async () => {
    const r = await paperboy(['--source', 'sample', '--exec', '/papers today']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Daily Papers · Fri 21 Aug 2026 · still filling\n/);
    const upvotes = [...r.stdout.matchAll(/▲ (\d+)/g)].map((m) => Number(m[1]));
    expect(upvotes).toHaveLength(10);
    expect(upvotes).toEqual([...upvotes].sort((a, b) => b - a));
    expect(r.stdout).toMatch(/1\. EnvHarness: Awakening Static Worlds for Agent Learning/);
    expect(r.stdout).toMatch(/Page 1 of 2 \(17 papers\) — next: \/papers today page=2/);
    expect(r.stdout.includes('\u001b[')).toBe(false); // not a TTY: no colour codes
    expect(r.stderr).toBe('');
  });

  it('exits 1 with a friendly message for an error reply', async () => {
    const r = await paperboy(['--source', 'sample', '--exec', '/papers date 2026-02-30']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2026-02-30 is not a date on the calendar/);
    expect(r.stdout + r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('PAPERBOY_SOURCE=sample works like --source sample', async () => {
    const r = await paperboy(['--exec', 'paper 2608.19880'], { PAPERBOY_SOURCE: 'sample' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Paper 2608\.19880\n/);
  });

  it('a bad setting stops it with a message naming the variable, exit 2', async () => {
    const r = await paperboy(['--exec', 'today'], { PAPERBOY_SOURCE: 'sample', HF_TIMEOUT_MS: 'soon' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HF_TIMEOUT_MS must be a whole number/);
  });

  it('an unknown flag is refused with exit 2', async () => {
    const r = await paperboy(['--sauce', 'sample']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown argument "--sauce"/);
  });

  it("digest on, then digest now prints the closed list before the sample's today, exactly once", async () => {
    const env = { PAPERBOY_SOURCE: 'sample', PAPERBOY_DATA_FILE: join(dir, 'digest.json') };
    const on = await paperboy(['--exec', 'digest on time=08:30 tz=Europe/Berlin top=3'], env);
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/^Daily digest on for your direct messages/);
    const now = await paperboy(['--exec', 'digest now'], env);
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(/━━ Daily Papers · Thu 20 Aug 2026 · 15 papers, top 3/);
    expect(now.stdout.match(/│ \d+\. /g)).toHaveLength(3);
    expect(now.stdout).toMatch(/1\. Zetta ζ/);
    const again = await paperboy(['--exec', 'digest now'], env);
    expect(again.stdout).not.toMatch(/│ \d+\. /);
  });

  it("`digest on` without tz= follows the host's TZ, and Europe/Berlin without one", async () => {
    const tokyo = await paperboy(['--source', 'sample', '--exec', 'digest on'], {
      TZ: 'Asia/Tokyo',
      PAPERBOY_DATA_FILE: join(dir, 'tz-tokyo.json'),
    });
    expect(tokyo.code).toBe(0);
    expect(tokyo.stdout).toMatch(/at 09:00 Asia\/Tokyo/);
    const unset = await paperboy(['--source', 'sample', '--exec', 'digest on'], {
      PAPERBOY_DATA_FILE: join(dir, 'tz-unset.json'),
    });
    expect(unset.stdout).toMatch(/at 09:00 Europe\/Berlin/);
  });

  it('the prompt answers commands typed on stdin, then exits at end of input', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample'], {
      cwd: root,
      env: { PATH: process.env.PATH, PAPERBOY_DATA_FILE: join(dir, 'prompt.json') },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end('/papers today top=2\nhelp today\nexit\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/Daily Papers · Fri 21 Aug 2026/);
    expect(out).toMatch(/\/papers today\nToday's Daily Papers/);
  });
});
