import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { openJsonStore } from '../../src/store/json/open.js';

/**
 * The JSON store shared by several processes on one host, as a running bot and `--exec`
 * runs from cron share it: the guarantees must hold between processes, not only inside one.
 */
const CHILD = fileURLToPath(new URL('./json-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
const freshDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'paperboy-json-procs-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const child = (args: string[]): ChildProcessWithoutNullStreams =>
  spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });

function output(p: ChildProcessWithoutNullStreams, until?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    p.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (until && text.includes(until)) resolve(text);
    });
    p.stderr.on('data', (d: Buffer) => (text += d.toString()));
    p.on('error', reject);
    p.on('exit', () => resolve(text));
  });
}

describe('JSON store across processes', () => {
  it('4 processes × 50 concurrent subscribes: all 200 are there', async () => {
    const file = join(freshDir(), 'paperboy.json');
    // Create the layout first, so the four do not all start by creating it.
    await (await openJsonStore({ file, logger: silentLogger })).close();
    const procs = Array.from({ length: 4 }, (_, i) => child([file, 'burst', String(i), '50']));
    await Promise.all(procs.map((p) => output(p, 'READY')));
    const done = procs.map((p) => output(p));
    for (const p of procs) p.stdin.end('GO\n');
    const outcomes = (await Promise.all(done)).flatMap(
      (text) => JSON.parse(text.trim().split('\n').at(-1)!) as string[],
    );
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(200);
    const store = await openJsonStore({ file, logger: silentLogger });
    const ids = (await store.subscriptions.list()).map((s) => s.id);
    await store.close();
    expect(new Set(ids).size).toBe(200);
  }, 120_000);

  it('SIGKILL during writes, 20 trials: the files stay valid and nothing acknowledged is lost', async () => {
    const totals = { trials: 0, acked: 0, lost: 0 };
    const trial = async (): Promise<void> => {
      const file = join(freshDir(), 'paperboy.json');
      const writers = [0, 1].map((i) => child([file, 'stream', String(i)]));
      const acked = new Set<string>();
      for (const w of writers) {
        w.stdout.on('data', (d: Buffer) => {
          for (const m of d.toString().matchAll(/ACK (\S+)\n/g)) acked.add(m[1]!);
        });
      }
      // Let them write for a while (at least a few acks each), then kill both mid-stride.
      const enough = Date.now() + 400 + Math.random() * 600;
      while (Date.now() < enough || acked.size < 4) await new Promise((r) => setTimeout(r, 20));
      const exits = writers.map((w) => new Promise((r) => w.on('exit', r)));
      for (const w of writers) w.kill('SIGKILL');
      await Promise.all(exits);
      // A third process opens the same files at once (waiting out any lock the dead left).
      const store = await openJsonStore({ file, logger: silentLogger });
      const stored = new Set((await store.subscriptions.list()).map((s) => s.id));
      await store.close();
      totals.trials++;
      totals.acked += acked.size;
      totals.lost += [...acked].filter((id) => !stored.has(id)).length;
    };
    for (let batch = 0; batch < 4; batch++) await Promise.all(Array.from({ length: 5 }, trial));
    console.log(
      `json kill-during-writes: ${totals.trials} trials, ${totals.acked} acknowledged adds, ${totals.lost} lost`,
    );
    expect(totals.trials).toBe(20);
    expect(totals.lost).toBe(0);
  }, 240_000);

  it('two processes run `digest now` for the same place at once: one thread, every paper once', async () => {
    const dir = freshDir();
    const run = () =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        const p = spawn(
          process.execPath,
          ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample', '--exec', '/papers digest now'],
          {
            cwd: ROOT,
            env: {
              PATH: process.env.PATH,
              PAPERBOY_DATA_FILE: join(dir, 'paperboy.json'),
              HF_API_URL: 'http://127.0.0.1:9',
            },
          },
        );
        let stdout = '';
        p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        p.on('exit', (code) => resolve({ code: code ?? 1, stdout }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    const both = a.stdout + b.stdout;
    // The terminal sink prints the thread's parent line once per thread it opens.
    const threads = both.match(/^━━ Daily Papers · /gm) ?? [];
    expect(threads).toHaveLength(1);
    const ranks = both.match(/^ {2}│ \d+\. /gm) ?? [];
    expect(ranks).toHaveLength(10);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect([a.code, b.code].sort()).toEqual([0, 0]);
    expect(both).toMatch(/Posted the .* digest|being posted .* right now|already posted/);
  }, 120_000);
});
