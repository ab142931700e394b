import { loadavg } from 'node:os';

/**
 * Small measuring helpers shared by the bench rows: nearest-rank percentiles, a seeded
 * PRNG so every run asks the same questions, and the JSON line a row prints for run.ts.
 */

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** mulberry32: tiny, seeded, good enough to pick corpus words reproducibly. */
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export { sleep } from '../../src/sleep.js';

/** Heap in MB after a full collection when the process runs with --expose-gc. */
export function heapUsedMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * One measured figure. `target` is the goal from issue 7 as text; `met` is undefined
 * when the row has no target or could not run.
 */
export interface Figure {
  name: string;
  value: number | string;
  unit: string;
  target?: string;
  met?: boolean;
}

export interface RowResult {
  row: string;
  figures: Figure[];
  notes: string[];
  /** Set when the row could not run at all (e.g. the corpus is missing) */
  error?: string;
  /** Filled in by runRow: the machine is shared, so every row says how busy it was and what it used */
  load?: { start: number[]; end: number[] };
  /** Wall and CPU (user + system) seconds of the row's own process */
  wallSeconds?: number;
  cpuSeconds?: number;
}

const loadNow = (): number[] => loadavg().map((x) => round(x, 2));

/** Marker run.ts looks for on a row's stdout: everything after it is the result JSON. */
export const RESULT_MARKER = '@@BENCH_RESULT@@';

export function emit(result: RowResult): void {
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** Run a row's main, printing its result or its failure in the shape run.ts reads. */
export function runRow(row: string, main: () => Promise<RowResult>): void {
  const start = loadNow();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const measured = (): Pick<RowResult, 'load' | 'wallSeconds' | 'cpuSeconds'> => {
    const used = process.cpuUsage(cpu);
    return {
      load: { start, end: loadNow() },
      wallSeconds: round((performance.now() - started) / 1000, 1),
      cpuSeconds: round((used.user + used.system) / 1e6, 1),
    };
  };
  main()
    .then((result) => {
      emit({ ...result, ...measured() });
      // Fakes and clients may leave sockets half-closed; the result is out, so leave.
      process.exit(0);
    })
    .catch((err: unknown) => {
      emit({
        row,
        figures: [],
        notes: [],
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        ...measured(),
      });
      process.exit(1);
    });
}

/** CPU milliseconds (user + system) this process spends in `fn`, beside its wall time. */
export async function cpuAndWall<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}
