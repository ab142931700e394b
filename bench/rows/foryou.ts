/**
 * Row 6: how well the "for you" order (src/recommend/foryou.ts) finds what a place would
 * save. No target; the figures are what they are.
 *
 * On the 20,000-paper corpus, a cluster is every paper whose title has one distinctive
 * phrase ("speculative decoding", "mixture of experts", …; case and hyphens folded).
 * For each cluster and each of SPLITS seeded splits, SAVED of its papers are the saved
 * set and the rest of the cluster is held out; every other corpus paper is a candidate
 * (~20,000, so a random order finds almost nothing). precision@10 = the share of the top
 * 10 candidates that are held-out cluster papers, for: for-you (centroid of the saved
 * papers, the default), for-you (nearest saved paper), upvote order and a random order (seeded). A second
 * setting saves papers from two clusters at once (two interests).
 *
 * Caveat: clusters are defined by a title phrase the ranker can also see, so this
 * measures finding the same topic; a paper on the topic that words its title otherwise
 * counts as a miss, so the figures are a lower bound on usefulness.
 *
 *   node --import tsx bench/rows/foryou.ts [splits=5] [saved=5]
 */
import type { Paper } from '../../src/papers/paper.js';
import { rankForYou, type ForYouMethod } from '../../src/recommend/foryou.js';
import { TfIdfModel } from '../../src/search/similarity.js';
import { CORPUS_PATH, corpusMissing, loadCorpus } from '../lib/corpus.js';
import { round, runRow, seeded, type Figure, type RowResult } from '../lib/stats.js';

const SPLITS = Number(process.argv[2] ?? 5);
const SAVED = Number(process.argv[3] ?? 5);
const K = 10;
const ROW = '6. for-you precision@10';
const PHRASES = [
  'speculative decoding',
  'mixture of experts',
  'gaussian splatting',
  'direct preference optimization',
  'vision language action',
  'knowledge distillation',
  'kv cache',
  'sparse autoencoder',
  'machine translation',
  'point cloud',
  'test time scaling',
];

const fold = (t: string): string => t.toLowerCase().replace(/[-‐–]/g, ' ').replace(/\s+/g, ' ');

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Order = 'nearest' | 'centroid' | 'upvotes' | 'random';
const ORDERS: Order[] = ['nearest', 'centroid', 'upvotes', 'random'];

function precision(top: readonly Paper[], relevant: ReadonlySet<string>): number {
  return top.slice(0, K).filter((p) => relevant.has(p.id)).length / K;
}

runRow(ROW, async (): Promise<RowResult> => {
  const missing = corpusMissing();
  if (missing) return { row: ROW, figures: [], notes: [], error: missing };
  const corpus = await loadCorpus();
  const started = performance.now();
  const model = TfIdfModel.build(corpus);
  const buildSeconds = (performance.now() - started) / 1000;
  const clusters = PHRASES.map((phrase) => ({ phrase, papers: corpus.filter((p) => fold(p.title).includes(phrase)) }));

  const rank = (order: Order, saved: Paper[], candidates: Paper[], random: () => number): Paper[] => {
    if (order === 'upvotes') return rankForYou({ saved: [], candidates }).items.map((i) => i.paper);
    if (order === 'random') return shuffled(candidates, random);
    return rankForYou({ saved, candidates, model, method: order as ForYouMethod }).items.map((i) => i.paper);
  };

  /** Mean precision@10 per order over the splits of one saved/held-out setting. */
  const measure = (groups: Paper[][], seed: number): Record<Order, number> => {
    const sums: Record<Order, number> = { nearest: 0, centroid: 0, upvotes: 0, random: 0 };
    for (let split = 0; split < SPLITS; split++) {
      const random = seeded(seed * 100 + split);
      const saved: Paper[] = [];
      const heldOut = new Set<string>();
      for (const g of groups) {
        const order = shuffled(g, random);
        saved.push(...order.slice(0, SAVED));
        for (const p of order.slice(SAVED)) heldOut.add(p.id);
      }
      const savedIds = new Set(saved.map((p) => p.id));
      const candidates = corpus.filter((p) => !savedIds.has(p.id));
      for (const order of ORDERS) sums[order] += precision(rank(order, saved, candidates, random), heldOut);
    }
    return Object.fromEntries(ORDERS.map((o) => [o, sums[o] / SPLITS])) as Record<Order, number>;
  };

  const notes: string[] = [];
  const single: Record<Order, number>[] = [];
  clusters.forEach((c, i) => {
    const r = measure([c.papers], i + 1);
    single.push(r);
    notes.push(
      `"${c.phrase}" (${c.papers.length} papers): centroid ${round(r.centroid)}, nearest ${round(r.nearest)}, upvotes ${round(r.upvotes)}, random ${round(r.random)}`,
    );
  });
  const pairs: Record<Order, number>[] = [];
  for (let i = 0; i + 1 < clusters.length; i += 2) {
    const r = measure([clusters[i]!.papers, clusters[i + 1]!.papers], 50 + i);
    pairs.push(r);
    notes.push(
      `two interests, "${clusters[i]!.phrase}" + "${clusters[i + 1]!.phrase}": centroid ${round(r.centroid)}, nearest ${round(r.nearest)}, upvotes ${round(r.upvotes)}, random ${round(r.random)}`,
    );
  }
  const mean = (rs: Record<Order, number>[], o: Order) => round(rs.reduce((n, r) => n + r[o], 0) / rs.length);
  const figures: Figure[] = [];
  for (const [label, rs] of [
    ['one interest', single],
    ['two interests', pairs],
  ] as const) {
    figures.push(
      { name: `${label}: for-you, nearest saved paper, precision@10`, value: mean(rs, 'nearest'), unit: '' },
      { name: `${label}: for-you, centroid (default), precision@10`, value: mean(rs, 'centroid'), unit: '' },
      { name: `${label}: upvote order precision@10`, value: mean(rs, 'upvotes'), unit: '' },
      { name: `${label}: random order precision@10`, value: mean(rs, 'random'), unit: '' },
    );
  }
  notes.unshift(
    `${clusters.length} clusters from ${CORPUS_PATH}; ${SAVED} saved per cluster, the rest held out; ${SPLITS} seeded splits each; candidates = every other corpus paper; tf-idf model over the corpus built in ${round(buildSeconds, 1)} s`,
  );
  return { row: ROW, figures, notes };
});
