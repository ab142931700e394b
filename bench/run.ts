/**
 * `npm run bench`: the figures of issues 7, 10 §4 and 15 and the hostile burst of issue 13 (row 6), each
 * measured in its own child process (a row's heap, JIT and timers never colour the next one),
 * printed as a table and written to bench/results.json with the machine they were measured on.
 *
 *   npm run bench                    all rows, full size (about 12 minutes on 2 cores)
 *   npm run bench -- --only=1,4      some rows, by number or name: --only store, --only=fanout,8
 *   npm run bench -- --quick         smaller counts, for a smoke run (figures not comparable)
 *   npm run bench -- --1m            row 2's curve also at 1,000,000 subscriptions (~1 GB)
 * Only a full run writes bench/results.json; partial and quick runs write results.local.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CORPUS_PATH, corpusMissing } from './lib/corpus.js';
import { RESULT_MARKER, type RowResult } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** `--only=1,store` or `--only store`: rows by number or name */
const onlyArg =
  args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ??
  (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = onlyArg?.split(',').map((x) => x.trim());

interface RowSpec {
  n: number;
  name: string;
  script: string;
  args: string[];
  quickArgs: string[];
  gc?: boolean;
}
const ROWS: RowSpec[] = [
  { n: 1, name: 'latency', script: 'bench/rows/latency.ts', args: ['1000'], quickArgs: ['100'] },
  {
    n: 2,
    name: 'topics',
    script: 'bench/rows/topics.ts',
    args: ['100000', ...(args.includes('--1m') ? ['--1m'] : [])],
    quickArgs: ['10000'],
    gc: true,
  },
  { n: 3, name: 'search', script: 'bench/rows/search.ts', args: [], quickArgs: ['--quick'], gc: true },
  {
    n: 4,
    name: 'fanout',
    script: 'bench/rows/fanout.ts',
    args: ['500', '1', 'json,postgres', 'empty,month,year', '500'],
    quickArgs: ['60', '1', 'json,postgres', 'empty,year', '60'],
  },
  { n: 5, name: 'terminal', script: 'bench/rows/terminal.ts', args: ['5'], quickArgs: ['2'] },
  { n: 6, name: 'hostile', script: 'bench/rows/hostile.ts', args: ['15'], quickArgs: ['3'] },
  { n: 7, name: 'foryou', script: 'bench/rows/foryou.ts', args: ['5', '5'], quickArgs: ['1', '5'] },
  { n: 8, name: 'floor', script: 'bench/rows/floor.ts', args: ['500'], quickArgs: ['50'] },
  {
    n: 9,
    name: 'store',
    script: 'bench/rows/store.ts',
    args: ['200'],
    quickArgs: ['30', 'json,postgres', 'empty,year'],
  },
];

function runRow(spec: RowSpec): Promise<RowResult & { seconds: number }> {
  const started = performance.now();
  const nodeArgs = [
    ...(spec.gc ? ['--expose-gc'] : []),
    '--import',
    'tsx',
    spec.script,
    ...(quick ? spec.quickArgs : spec.args),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const at = out.lastIndexOf(RESULT_MARKER);
      if (at >= 0) {
        resolve({ ...(JSON.parse(out.slice(at + RESULT_MARKER.length).trim()) as RowResult), seconds });
      } else {
        resolve({
          row: `row ${spec.n} (${spec.script})`,
          figures: [],
          notes: [],
          error: `exited ${code} without a result: ${(err || out).slice(-1500)}`,
          seconds,
        });
      }
    });
  });
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function table(results: (RowResult & { seconds: number })[]): string {
  const lines: string[] = [];
  const header = `${pad('figure', 62)} ${pad('value', 14)} ${pad('target', 12)} result`;
  lines.push(header, '-'.repeat(header.length));
  for (const r of results) {
    const load = r.load ? `, load ${r.load.start[0]} → ${r.load.end[0]}` : '';
    const cpu = r.cpuSeconds !== undefined ? `, CPU ${r.cpuSeconds} s` : '';
    lines.push(`${r.row}  (wall ${r.seconds.toFixed(0)} s${cpu}${load})`);
    if (r.error) lines.push(`  NOT MEASURED: ${r.error.split('\n')[0]}`);
    for (const f of r.figures) {
      const verdict = f.met === undefined ? '' : f.met ? 'met' : 'MISSED';
      lines.push(
        `  ${pad(f.name, 60)} ${pad(`${f.value} ${f.unit}`.trim(), 14)} ${pad(f.target ?? '', 12)} ${verdict}`,
      );
    }
    for (const n of r.notes) lines.push(`    · ${n}`);
  }
  return lines.join('\n');
}

/** Which code was measured: the commit, and tracked files changed since (uncommitted work). */
function codeVersion(): { commit: string; uncommitted: string[] } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const uncommitted = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .map((l) => l.slice(3))
      .filter((f) => f && f !== 'bench/results.json');
    return { commit, uncommitted };
  } catch {
    return { commit: 'unknown (not a git checkout)', uncommitted: [] };
  }
}

async function main(): Promise<void> {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    quick,
    code: codeVersion(),
  };
  const missing = corpusMissing();
  console.log(
    `Paperboy bench — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.date}${quick ? ' — QUICK (smaller counts)' : ''}`,
  );
  console.log(
    `code: ${machine.code.commit}${machine.code.uncommitted.length ? ` plus uncommitted changes to ${machine.code.uncommitted.join(', ')}` : ''}`,
  );
  console.log(
    `load average at start: ${machine.loadAverageAtStart.join(' ')} (other work on this machine inflates wall-clock figures)`,
  );
  console.log(missing ? `!! ${missing}: rows 2 and 3 will not be measured` : `corpus: ${CORPUS_PATH}`);
  const results: (RowResult & { seconds: number })[] = [];
  const runStarted = performance.now();
  for (const spec of ROWS) {
    if (only && !only.includes(String(spec.n)) && !only.includes(spec.name)) continue;
    process.stdout.write(`running row ${spec.n} ${spec.name} (${spec.script})… `);
    const result = await runRow(spec);
    results.push(result);
    process.stdout.write(`${result.error ? 'not measured' : 'done'} in ${result.seconds.toFixed(0)} s\n`);
  }
  const totalSeconds = Math.round((performance.now() - runStarted) / 1000);
  console.log(`\n${table(results)}\n`);
  console.log(`whole run: ${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`);
  const figures = results.flatMap((r) => r.figures);
  const missed = figures.filter((f) => f.met === false).length;
  const met = figures.filter((f) => f.met === true).length;
  console.log(
    `targets: ${met} met, ${missed} missed${results.some((r) => r.error) ? `, ${results.filter((r) => r.error).length} row(s) not measured` : ''}`,
  );
  // Partial or quick runs go to the git-ignored results.local.json, so they never
  // overwrite the published full-run figures in results.json.
  const file = fileURLToPath(new URL(quick || only ? './results.local.json' : './results.json', import.meta.url));
  writeFileSync(
    file,
    `${JSON.stringify({ machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100), totalSeconds }, rows: results }, null, 2)}\n`,
  );
  console.log(`written: ${file}`);
}

await main();
