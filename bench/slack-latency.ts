/**
 * Warm `/papers today` through the real Slack stack: a signed slash-command POST into
 * the Bolt HTTP receiver on 127.0.0.1, bot.handle, Block Kit rendering, and respond()
 * to a response_url on the loopback fake. Latency = request sent → response_url POST
 * received by the fake. Prints p50/p90/p99; never a timed test.
 *
 *   node --import tsx bench/slack-latency.ts [requests=200] [concurrency=1]
 */
import { sendSlashCommand } from '../test/fakes/slack/signed-request.js';
import { SIGNING_SECRET, startHarness } from '../test/slack/harness.js';

const requests = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 1);
const WARMUP = 20;

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const h = await startHarness();
  const arrived = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  h.fake.onResponse = (post) => {
    arrived.set(post.id, post.at);
    waiting.get(post.id)?.();
  };

  let n = 0;
  const acks: number[] = [];
  async function one(): Promise<number> {
    const id = `bench-${++n}`;
    const done = new Promise<void>((resolve) => waiting.set(id, resolve));
    const started = performance.now();
    const res = await sendSlashCommand(h.eventsUrl, SIGNING_SECRET, { text: 'today', user_id: 'U0BENCH', channel_id: 'C0BENCH', response_url: h.fake.responseUrl(id) });
    if (res.status !== 200) throw new Error(`Bolt answered ${res.status}`);
    if (n > WARMUP) acks.push(performance.now() - started);
    await done;
    waiting.delete(id);
    return arrived.get(id)! - started;
  }

  for (let i = 0; i < WARMUP; i++) await one();
  const samples: number[] = [];
  const worker = async () => {
    while (n < WARMUP + requests) samples.push(await one());
  };
  const wall = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - wall;
  await h.close();

  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const fmt = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`Slack /papers today (warm, real Bolt HTTP receiver → bot → respond() → loopback response_url)`);
  console.log(`requests ${samples.length} (after ${WARMUP} warm-up), concurrency ${concurrency}, node ${process.version}`);
  acks.sort((a, b) => a - b);
  console.log(`ack (HTTP 200 from Bolt): p50 ${fmt(quantile(acks, 0.5))}  p99 ${fmt(quantile(acks, 0.99))}`);
  console.log(`request → response_url POST: p50 ${fmt(quantile(samples, 0.5))}  p90 ${fmt(quantile(samples, 0.9))}  p99 ${fmt(quantile(samples, 0.99))}  mean ${fmt(mean)}  max ${fmt(samples.at(-1)!)}  throughput ${(samples.length / (elapsed / 1000)).toFixed(0)}/s`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
