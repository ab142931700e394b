/**
 * Warm `/papers today` through the real Discord stack: the fake gateway dispatches an
 * INTERACTION_CREATE over its WebSocket, the real discord.js Client parses it, the
 * adapter calls bot.handle over the bundled sample, renders embeds, and discord.js POSTs
 * the interaction callback to the loopback fake. Latency = dispatch → callback received
 * (the moment Discord would have the answer). Prints p50/p90/p99; never a timed test.
 *
 * Then the cold case: Hugging Face answering after 5 s — time until the defer (type 5).
 *
 *   node --import tsx bench/discord-latency.ts [requests=200] [concurrency=1]
 */
import { SampleSource } from '../src/papers/sample-source.js';
import { chatInput, PERMS } from '../test/fakes/discord/payloads.js';
import { callbackOf, SlowSource, startHarness } from '../test/discord/harness.js';

const requests = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 1);
const WARMUP = 20;
const COLD_SAMPLES = 10;

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const fmt = (x: number) => `${x.toFixed(2)} ms`;
const user = { id: '900000000000000801', username: 'bench' };

async function warm(): Promise<{ samples: number[]; elapsed: number; types: Set<number> }> {
  const h = await startHarness();
  const types = new Set<number>();
  let n = 0;
  async function one(): Promise<number> {
    n++;
    const payload = chatInput('papers', 'today', [], { user, permissions: PERMS.member });
    h.fake.interact(payload);
    const cb = await callbackOf(h.fake, payload);
    types.add(cb.body.type);
    return cb.at - h.fake.dispatchedAt.get(payload.id)!;
  }
  for (let i = 0; i < WARMUP; i++) await one();
  types.clear();
  const samples: number[] = [];
  const worker = async () => {
    while (n < WARMUP + requests) samples.push(await one());
  };
  const wall = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - wall;
  await h.close();
  return { samples: samples.sort((a, b) => a - b), elapsed, types };
}

async function cold(): Promise<number[]> {
  const h = await startHarness({ source: new SlowSource(new SampleSource(), 5000) });
  const payloads = Array.from({ length: COLD_SAMPLES }, () =>
    chatInput('papers', 'today', [], { user, permissions: PERMS.member }),
  );
  const defers = await Promise.all(
    payloads.map(async (p) => {
      h.fake.interact(p);
      const cb = await callbackOf(h.fake, p);
      if (cb.body.type !== 5) throw new Error(`expected a defer, got callback type ${cb.body.type}`);
      return cb.at - h.fake.dispatchedAt.get(p.id)!;
    }),
  );
  // Let the slow answers land before closing, so nothing errors on a closed fake.
  await Promise.all(
    payloads.map((p) => h.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(p.token), 10_000)),
  );
  await h.close();
  return defers.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const { samples, elapsed, types } = await warm();
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  console.log(
    'Discord /papers today (warm; fake gateway → real discord.js Client → bot → embeds → interaction callback on the loopback fake)',
  );
  console.log(
    `requests ${samples.length} (after ${WARMUP} warm-up), concurrency ${concurrency}, callback types ${[...types].join(',')}, node ${process.version}`,
  );
  console.log(
    `p50 ${fmt(quantile(samples, 0.5))}  p90 ${fmt(quantile(samples, 0.9))}  p99 ${fmt(quantile(samples, 0.99))}  mean ${fmt(mean)}  max ${fmt(samples.at(-1)!)}  throughput ${(samples.length / (elapsed / 1000)).toFixed(0)}/s`,
  );
  const defers = await cold();
  console.log(
    `cold (Hugging Face answers after 5 s), ${COLD_SAMPLES} at once: time to defer p50 ${fmt(quantile(defers, 0.5))}  max ${fmt(defers.at(-1)!)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
