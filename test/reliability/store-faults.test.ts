import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// A data file Paperboy cannot use must stop it at start with a clear refusal naming
// the file — exit 2, nothing on stdout — and the file must keep every byte. Run through
// the real entry point, as `npm start -- --source sample --exec today` would.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-store-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function paperboy(dataFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample', '--exec', 'today'],
      {
        cwd: root,
        env: { PATH: process.env.PATH, PAPERBOY_DATA_FILE: dataFile, HF_API_URL: 'http://127.0.0.1:9' },
        timeout: 30_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Bytes, mtime and the directory's listing: everything a refusal must leave alone. */
function snapshot(file: string) {
  const st = statSync(file);
  return {
    bytes: readFileSync(file).toString('base64'),
    mtime: st.mtimeMs,
    mode: st.mode,
    siblings: readdirSync(join(file, '..')).sort(),
  };
}

/** Really read-only, also as root (which ignores mode bits): the immutable attribute. */
function makeReadOnly(file: string): (() => void) | undefined {
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    } catch {
      return undefined;
    }
    return () => execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
  }
  chmodSync(file, 0o444);
  return () => chmodSync(file, 0o644);
}

const cases: { name: string; content: string; expect: RegExp }[] = [
  {
    name: 'a corrupt data file (cut off mid-write)',
    content: '{"version":1,"subscriptions":[{"id":"s1","topic":"grok',
    expect: /not valid JSON|corrupt/i,
  },
  { name: 'an empty data file (zero bytes)', content: '', expect: /empty/i },
  { name: 'a data file of whitespace only', content: '\n\n   \n', expect: /empty/i },
  {
    name: 'a data file of valid JSON in the wrong shape',
    content: '{"version":1,"subscriptions":"all of them"}',
    expect: /not valid/i,
  },
];

describe('store faults through the real entry point', () => {
  for (const c of cases) {
    it(`${c.name}: exit 2, a message naming the file, bytes untouched`, async () => {
      const file = join(dir, `${c.name.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, c.content);
      const before = snapshot(file);
      const r = await paperboy(file);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(c.expect);
      expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(r.stdout).toBe('');
      expect(snapshot(file)).toEqual(before);
    });
  }

  it('a read-only data file: exit 2, a message naming the file and saying read-only, bytes untouched', async (ctx) => {
    const file = join(dir, 'read-only.json');
    // A valid store, written by Paperboy itself, then locked.
    const ok = await paperboy(file);
    expect(ok.code).toBe(0);
    const undo = makeReadOnly(file);
    if (!undo) return ctx.skip('cannot make a file read-only here (no chattr as root)');
    try {
      const before = snapshot(file);
      const r = await paperboy(file);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/read-only/);
      expect(r.stdout).toBe('');
      expect(snapshot(file)).toEqual(before);
    } finally {
      undo();
    }
  });
});
