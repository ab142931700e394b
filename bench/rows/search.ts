/**
 * Row 3: search at capacity (issue 15). PaperSearchIndex (src/search) over 20,000,
 * 50,000 (the index's default capacity) and 100,000 papers: the 20,000-paper corpus, and
 * beyond it papers recombined from real ones (bench/lib/corpus: synthesisePapers). Per
 * size: build time, p50/p95 over the same 1,000 seeded queries (made from the corpus's
 * own titles, some cut short or with a typo), and the heap papers + index hold. Beside
 * it, in the same run and on the same papers and queries, FlexSearch 0.8 and Orama 3.1
 * (bench/lib/search-peers) on the 20,000-paper corpus — at every size with --peers-all.
 *
 *   node --expose-gc --import tsx bench/rows/search.ts [--quick] [--peers-all | --no-peers]
 */
import type { Paper } from '../../src/papers/paper.js';
import { PaperSearchIndex } from '../../src/search/paper-search-index.js';
import { CORPUS_PATH, corpusMissing, corpusQueries, loadCorpus, synthesisePapers } from '../lib/corpus.js';
import { flexSearchPeer, oramaPeer, type SearchPeer } from '../lib/search-peers.js';
import { heapUsedMb, percentile, round, runRow, type Figure, type RowResult } from '../lib/stats.js';

const QUICK = process.argv.includes('--quick');
const PEERS_ALL = process.argv.includes('--peers-all');
/** Paperboy alone (while working on src/search) */
const NO_PEERS = process.argv.includes('--no-peers');
const QUERIES = QUICK ? 200 : 1000;
const SIZES = QUICK ? [20_000] : [20_000, 50_000, 100_000];
const CAPACITY = 50_000;
/**
 * The peers build slowly (FlexSearch ~20 s of CPU, Orama ~16 s at 20,000 papers, 2.5× that
 * at 50,000): by default they run on the corpus itself, at every size with --peers-all.
 */
const PEERS_AT = 20_000;
/**
 * Orama answers in ~0.1 s of CPU a query at 20,000 papers: the first ORAMA_QUERIES of the
 * same queries keep the row within the bench's time (all 1,000 with --peers-all).
 */
const ORAMA_QUERIES = PEERS_ALL ? QUERIES : Math.min(QUERIES, 300);
const ROW = '3. search at capacity, beside FlexSearch and Orama';

interface Measured {
  buildMs: number;
  buildCpuMs: number;
  p50: number;
  p95: number;
  p99: number;
  cpuMsPerQuery: number;
  empty: number;
  heapMb: number;
}

function timeQueries(
  queries: readonly string[],
  run: (q: string) => number,
  warmup = 100,
): Omit<Measured, 'buildMs' | 'buildCpuMs' | 'heapMb'> {
  for (const q of queries.slice(0, warmup)) run(q); // warm the JIT
  const latencies: number[] = [];
  let empty = 0;
  const cpu = process.cpuUsage();
  for (const q of queries) {
    const t = performance.now();
    if (run(q) === 0) empty++;
    latencies.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    cpuMsPerQuery: (used.user + used.system) / 1000 / queries.length,
    empty,
  };
}

async function measure(
  build: () => void | Promise<void>,
  run: (q: string) => number,
  queries: readonly string[],
  heapBase: number,
  warmup?: number,
): Promise<Measured> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await build();
  const buildMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const heapMb = heapUsedMb() - heapBase;
  return { buildMs, buildCpuMs: (used.user + used.system) / 1000, heapMb, ...timeQueries(queries, run, warmup) };
}

function ours(papers: readonly Paper[], queries: readonly string[], heapBase: number): Promise<Measured> {
  let index: PaperSearchIndex | undefined;
  // Past the default capacity the index would drop the oldest papers: sized to hold them all.
  return measure(
    () => {
      index = new PaperSearchIndex({ capacity: Math.max(CAPACITY, papers.length) });
      index.addPapers(papers);
    },
    (q) => index!.search(q, { limit: 10 }).length,
    queries,
    heapBase,
  );
}

const peer = (p: SearchPeer, papers: readonly Paper[], queries: readonly string[], heapBase: number, warmup: number) =>
  measure(
    () => p.build(papers),
    (q) => p.search(q),
    queries,
    heapBase,
    warmup,
  );

const describe = (m: Measured): string =>
  `build ${round(m.buildMs / 1000, 2)} s (CPU ${round(m.buildCpuMs / 1000, 2)} s), p50 ${round(m.p50)} ms, p95 ${round(m.p95)} ms, p99 ${round(m.p99)} ms, CPU ${round(m.cpuMsPerQuery, 2)} ms/query, ${m.empty} queries found nothing, heap ${round(m.heapMb, 0)} MB`;

runRow(ROW, async (): Promise<RowResult> => {
  const missing = corpusMissing();
  if (missing) return { row: ROW, figures: [], notes: [], error: missing };
  const heapStart = heapUsedMb();
  const corpus = await loadCorpus();
  const queries = corpusQueries(corpus, QUERIES);
  const figures: Figure[] = [];
  const notes: string[] = [];
  // A small discarded build first: the first index in a process pays for compiling the code.
  new PaperSearchIndex().addPapers(corpus.slice(0, 2000));
  // Paperboy at every size first, the peers after: whatever a peer leaves on the heap
  // must not count against Paperboy's figures.
  const oursAt = new Map<number, Measured>();
  for (const size of SIZES) {
    const papers = synthesisePapers(corpus, size);
    const within = size <= CAPACITY;
    const m = await ours(papers, queries, heapStart);
    const label = `${size.toLocaleString('en')} papers`;
    figures.push(
      {
        name: `search build, ${label}`,
        value: round(m.buildMs / 1000, 2),
        unit: 's',
        ...(within ? { target: '<= 3 s', met: m.buildMs <= 3000 } : {}),
      },
      { name: `search p50, ${label}`, value: round(m.p50), unit: 'ms' },
      {
        name: `search p95, ${label}`,
        value: round(m.p95),
        unit: 'ms',
        ...(within ? { target: '<= 5 ms', met: m.p95 <= 5 } : {}),
      },
      {
        name: `search heap (papers + index), ${label}`,
        value: round(m.heapMb, 0),
        unit: 'MB',
        ...(size === CAPACITY ? { target: '<= 250 MB', met: m.heapMb <= 250 } : {}),
      },
    );
    notes.push(
      `Paperboy, ${label}: ${describe(m)}${within ? '' : ` (capacity raised to ${size}; the default is ${CAPACITY})`}`,
    );
    oursAt.set(size, m);
  }
  for (const size of NO_PEERS ? [] : SIZES.filter((s) => PEERS_ALL || s === PEERS_AT)) {
    const papers = synthesisePapers(corpus, size);
    const label = `${size.toLocaleString('en')} papers`;
    const m = oursAt.get(size)!;
    {
      for (const make of [flexSearchPeer, oramaPeer]) {
        const p = make();
        const asked = make === oramaPeer ? queries.slice(0, ORAMA_QUERIES) : queries;
        const pm = await peer(p, papers, asked, heapStart, make === oramaPeer ? 20 : 100);
        figures.push({
          name: `${p.name}, ${label}: p95 ÷ Paperboy's (build ${round(pm.buildMs / 1000, 1)} s, p95 ${round(pm.p95, 1)} ms)`,
          value: round(pm.p95 / m.p95, 1),
          unit: 'x',
        });
        notes.push(`${p.name}, ${label}: ${describe(pm)}; ${asked.length} queries`);
      }
    }
  }
  notes.push(
    `${QUERIES} queries (limit 10) from corpus titles, the same for every index and size; beyond the corpus's ${corpus.length} papers, papers are recombined from real ones (title halves, abstract halves, authors; seeded) (${CORPUS_PATH}); heap after a forced GC${(globalThis as { gc?: unknown }).gc ? '' : ' (NOT available: run with --expose-gc)'}, including the papers themselves`,
  );
  return { row: ROW, figures, notes };
});
