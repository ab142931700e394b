/**
 * Row 5: terminal mode with the bundled sample, as a person starts it:
 * `node --import tsx bin/paperboy.ts --source sample`. Start-to-ready is spawn → the
 * prompt on stdout; idle RSS is VmRSS from /proc/<pid>/status two seconds after the
 * prompt (nothing typed). Five starts; the first may pay tsx's transpile cache.
 *
 *   node --import tsx bench/rows/terminal.ts [starts=5]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../lib/env.js';
import { median, round, runRow, sleep, type RowResult } from '../lib/stats.js';

const STARTS = Number(process.argv[2] ?? 5);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROW = '5. terminal mode start and idle memory';

/** CPU seconds the process has used (utime + stime from /proc/<pid>/stat, 100 ticks/s). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kb / 1024;
}

async function startOnce(dataFile: string): Promise<{ readyMs: number; rss: number; cpuMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/paperboy.ts', '--source', 'sample'], {
    cwd: ROOT,
    env: childEnv({ PAPERBOY_DATA_FILE: dataFile }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let readyCpu = 0;
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no prompt within 20 s; stderr: ${err}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('papers> ')) {
          const at = performance.now() - started;
          readyCpu = cpuMs(child.pid!);
          clearTimeout(timer);
          resolve(at);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited ${code} before the prompt; stderr: ${err}`));
      });
    });
    await sleep(2000);
    return { readyMs, rss: rssMb(child.pid!), cpuMs: readyCpu };
  } finally {
    child.stdin.end('exit\n');
    await new Promise((resolve) => {
      child.once('close', resolve);
      setTimeout(() => {
        child.kill();
        resolve(undefined);
      }, 3000);
    });
  }
}

runRow(ROW, async (): Promise<RowResult> => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-'));
  try {
    const runs: { readyMs: number; rss: number; cpuMs: number }[] = [];
    for (let i = 0; i < STARTS; i++) runs.push(await startOnce(join(dir, 'store.json')));
    const ready = median(runs.map((r) => r.readyMs));
    const rss = median(runs.map((r) => r.rss));
    return {
      row: ROW,
      figures: [
        {
          name: `terminal start-to-ready (median of ${STARTS})`,
          value: round(ready, 0),
          unit: 'ms',
          target: '<= 1000 ms',
          met: ready <= 1000,
        },
        { name: 'terminal idle RSS', value: round(rss, 1), unit: 'MB', target: '<= 100 MB', met: rss <= 100 },
      ],
      notes: [
        `CPU used until ready (robust to other load): median ${median(runs.map((r) => r.cpuMs))} ms`,
        `starts: ${runs.map((r) => `${r.readyMs.toFixed(0)} ms / ${r.rss.toFixed(0)} MB`).join('; ')}; process: node --import tsx bin/paperboy.ts --source sample (TypeScript compiled on the fly by tsx)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
