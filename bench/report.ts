/**
 * bench/results.json → the Markdown figures table for the README's Performance section,
 * so the published figures are exactly the measured ones.
 *
 *   node --import tsx bench/report.ts [results.local.json]
 */
import { readFileSync } from 'node:fs';
import type { RowResult } from './lib/stats.js';

interface Results {
  machine: {
    cores: number;
    cpu: string;
    memoryGb: number;
    node: string;
    platform: string;
    date: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    quick: boolean;
    totalSeconds?: number;
    code?: { commit: string; uncommitted: string[] };
  };
  rows: (RowResult & { seconds: number })[];
}

const results = JSON.parse(
  readFileSync(new URL(`./${process.argv[2] ?? 'results.json'}`, import.meta.url), 'utf8'),
) as Results;
const m = results.machine;
const lines = [
  `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cores} cores (${m.cpu}, ${m.memoryGb} GB), Node ${m.node}, ${m.platform}; load average ${m.loadAverageAtStart[0]} at the start, ${m.loadAverageAtEnd[0]} at the end${m.totalSeconds ? `; the whole run took ${Math.round(m.totalSeconds / 60)} min` : ''}${m.quick ? ' — QUICK run, not comparable' : ''}.${m.code ? ` Code: ${m.code.commit}${m.code.uncommitted.length ? ` with uncommitted changes to ${m.code.uncommitted.join(', ')}` : ''}.` : ''}`,
  '',
  '| Row | Figure | Measured | Target | |',
  '|---|---|---|---|---|',
];
for (const row of results.rows) {
  const n = row.row.split('.')[0];
  const cpu = row.cpuSeconds !== undefined ? `, CPU ${row.cpuSeconds} s` : '';
  const load = row.load ? `, load ${row.load.start[0]} → ${row.load.end[0]}` : '';
  lines.push(`| ${n} | _${row.row}: wall ${Math.round(row.seconds)} s${cpu}${load}_ | | | |`);
  if (row.error) lines.push(`| ${n} | ${row.row} | not measured: ${row.error.split('\n')[0]} | | |`);
  for (const f of row.figures) {
    const verdict = f.met === undefined ? '' : f.met ? 'met' : '**missed**';
    lines.push(`| ${n} | ${f.name} | ${`${f.value} ${f.unit}`.trim()} | ${f.target ?? ''} | ${verdict} |`);
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
