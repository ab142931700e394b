/**
 * Subscription matching at scale: 100,000 topics × one day of 50 papers, TopicIndex vs
 * one-by-one `topic.match(paper)`. Target (benchmark issue): ≤ 100 ms for the match.
 * Prints; asserts nothing (speed is never a test).
 *
 *   node --import tsx bench/topic-matching.ts [subscriptions=100000] [papers=50]
 *
 * Topics are built (seeded) from real data: ai_keywords, titles, authors and
 * organisations of the recorded Hugging Face days in samples/hf, plus title words from
 * the 20,000-paper corpus (test/fixtures/corpus, or PAPERBOY_BENCH_CORPUS). The day is the biggest
 * recorded day, topped up from the next ones to 50 papers.
 */
import { performance } from 'node:perf_hooks';
import type { Paper } from '../src/papers/paper.js';
import { compileTopic, TopicIndex, TopicSyntaxError, type IndexEntry } from '../src/topics/index.js';
import { randomTopics, sampleDays, vocabularyOf } from '../test/topics/random-topics.js';
import { corpusMissing, loadCorpus } from './lib/corpus.js';

const [subscriptions = 100_000, paperCount = 50] = process.argv.slice(2).map(Number);

const ms = (t0: number): string => `${(performance.now() - t0).toFixed(1)} ms`;
/** CPU time of this process (user + system), in ms: steadier than wall time on a shared machine. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const days = [...sampleDays().entries()].sort((a, b) => b[1].length - a[1].length);
const dayPapers = days.flatMap(([, p]) => p).slice(0, paperCount);
const corpusTitles = corpusMissing() ? [] : (await loadCorpus()).map((p) => p.title);
const vocab = vocabularyOf(
  days.flatMap(([, p]) => p),
  corpusTitles,
);
console.log(
  `vocabulary: ${vocab.keywords.length} ai_keywords, ${vocab.titleWords.length} title words, ${vocab.authors.length} authors, ${vocab.orgs.length} orgs`,
);
console.log(`day: ${dayPapers.length} papers (largest recorded day ${days[0]![0]} has ${days[0]![1].length})`);

let t0 = performance.now();
const texts = randomTopics(vocab, subscriptions, 42);
const entries: IndexEntry[] = [];
for (const [i, text] of texts.entries()) {
  try {
    entries.push({ id: `sub${i}`, topic: compileTopic(text) });
  } catch (e) {
    if (!(e instanceof TopicSyntaxError)) throw e;
  }
}
console.log(`compile ${entries.length} topics: ${ms(t0)} (${texts.length - entries.length} rejected by the parser)`);

t0 = performance.now();
const index = new TopicIndex(entries);
console.log(`build TopicIndex: ${ms(t0)} (${index.keyCount} distinct keys)`);

/** Fresh copies, so the per-paper token cache starts empty, as on a new day. */
const freshDay = (): Paper[] => dayPapers.map((p) => ({ ...p }));

/** Wall and CPU time of one call, in ms. */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = cpuNow();
  const w0 = performance.now();
  const value = fn();
  return { value, wall: performance.now() - w0, cpu: cpuNow() - c0 };
}
const fmt = (runs: { wall: number; cpu: number }[]): string =>
  `median ${median(runs.map((r) => r.wall)).toFixed(1)} ms wall, ${median(runs.map((r) => r.cpu)).toFixed(1)} ms CPU`;

const first = timed(() => index.match(freshDay()));
const coldRuns = [first];
const warmRuns: { wall: number; cpu: number }[] = [];
const whyRuns: { wall: number; cpu: number }[] = [];
for (let run = 0; run < 7; run++) {
  const papers = freshDay();
  coldRuns.push(timed(() => index.match(papers)));
  warmRuns.push(timed(() => index.match(papers)));
  whyRuns.push(
    timed(() => {
      let n = 0;
      for (const list of index.match(papers).values()) for (const h of list) n += h.why.length;
      return n;
    }),
  );
}
const hits = [...first.value.values()].reduce((n, list) => n + list.length, 0);
console.log(`TopicIndex.match, ${entries.length} subscriptions × ${dayPapers.length} papers:`);
console.log(`  new day's papers (tokenised inside):  ${fmt(coldRuns)} (first run ${first.wall.toFixed(1)} ms)`);
console.log(`  papers already prepared:              ${fmt(warmRuns)}`);
console.log(`  … and reading every hit's why:        ${fmt(whyRuns)}`);
console.log(`  → ${first.value.size} subscriptions matched, ${hits} (subscription, paper) hits`);

const papers = freshDay();
const base = timed(() => {
  let n = 0;
  for (const e of entries) for (const p of papers) if (e.topic.match(p).matched) n++;
  return n;
});
console.log(
  `one-by-one topic.match baseline: ${base.wall.toFixed(1)} ms wall, ${base.cpu.toFixed(1)} ms CPU (${base.value} hits${base.value === hits ? ', same as the index' : ' — DIFFERS from the index!'})`,
);
console.log(`speed-up (CPU, new day): ${(base.cpu / median(coldRuns.map((r) => r.cpu))).toFixed(1)}×`);
