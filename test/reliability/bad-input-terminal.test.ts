import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { badInputs } from './bad-inputs.js';

// The bad-input corpus typed into the real terminal prompt (`npm start -- --source
// sample`), one line each: the process answers every line, never crashes or prints a
// stack trace, and its output carries no control characters from the input (so nothing
// can recolour or move the terminal). Lines are what a terminal can send: no newlines.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'paperboy-terminal-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = badInputs.filter((t) => !/[\r\n]/.test(t));
const answered = lines.filter((t) => t.trim() !== '');

describe(`bad-input corpus at the terminal prompt (${lines.length} lines)`, () => {
  it('answers every line, exits 0 at the end, no stack trace, no control characters out', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample'], {
      cwd: root,
      env: { PATH: process.env.PATH, PAPERBOY_DATA_FILE: join(dir, 'store.json'), HF_API_URL: 'http://127.0.0.1:9' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.end(`${lines.join('\n')}\nexit\n`);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(err).toBe('');
    // One prompt before each line and one after the last.
    expect(out.split('papers> ').length - 1).toBe(lines.length + 1);
    // Every non-blank line got a reply: an error (✗ …) or a titled answer.
    const replies = out
      .split('papers> ')
      .slice(1, -1)
      .filter((r) => r.trim() !== '');
    expect(replies).toHaveLength(answered.length);
    expect(out).not.toMatch(/\bat .*\.(ts|js):\d+|Something went wrong/);
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  });
});
