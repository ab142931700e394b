/**
 * Warm `/papers today` through the real Slack stack: a signed slash-command POST into
 * the Bolt HTTP receiver on 127.0.0.1, bot.handle, Block Kit rendering, and respond()
 * to a response_url on the loopback fake. Latency = request sent → response_url POST
 * received by the fake; `ack` = request sent → Bolt's HTTP 200. Never a timed test.
 *
 *   node --import tsx bench/slack-latency.ts [requests=200] [concurrency=1]
 *
 * `measureSlackLatency` is exported for bench/run.ts (issue 7's table).
 */
import { pathToFileURL } from 'node:url';
import { sendSlashCommand } from '../test/fakes/slack/signed-request.js';
import { SIGNING_SECRET, startHarness } from '../test/slack/harness.js';

export interface LatencyStats {
  requests: number;
  concurrency: number;
  /** request → response_url POST, ms */
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  /** request → Bolt's HTTP 200 (the ack), ms */
  ackP50: number;
  ackP99: number;
  throughputPerSecond: number;
  /** CPU time this process spent per request (client, Bolt, bot and fake together), ms */
  cpuMsPerRequest: number;
}

const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

export async function measureSlackLatency(
  options: { requests?: number; concurrency?: number; warmup?: number; text?: string } = {},
): Promise<LatencyStats> {
  const requests = options.requests ?? 200;
  const concurrency = options.concurrency ?? 1;
  const warmup = options.warmup ?? 20;
  const h = await startHarness();
  const waiting = new Map<string, (at: number) => void>();
  h.fake.onResponse = (post) => waiting.get(post.id)?.(post.at);

  let n = 0;
  const samples: number[] = [];
  const acks: number[] = [];
  async function one(record: boolean): Promise<void> {
    const id = `bench-${++n}`;
    const answered = new Promise<number>((resolve) => waiting.set(id, resolve));
    const started = performance.now();
    const res = await sendSlashCommand(h.eventsUrl, SIGNING_SECRET, {
      text: options.text ?? 'today',
      user_id: 'U0BENCH',
      channel_id: 'C0BENCH',
      response_url: h.fake.responseUrl(id),
    });
    if (res.status !== 200) throw new Error(`Bolt answered ${res.status}`);
    const acked = performance.now();
    const at = await answered;
    waiting.delete(id);
    if (record) {
      acks.push(acked - started);
      samples.push(at - started);
    }
  }

  try {
    for (let i = 0; i < warmup; i++) await one(false);
    let issued = 0;
    const cpu = process.cpuUsage();
    const wall = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (issued < requests) {
          issued++;
          await one(true);
        }
      }),
    );
    const elapsed = performance.now() - wall;
    const used = process.cpuUsage(cpu);
    samples.sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    return {
      requests: samples.length,
      concurrency,
      p50: quantile(samples, 0.5),
      p90: quantile(samples, 0.9),
      p99: quantile(samples, 0.99),
      mean: samples.reduce((s, x) => s + x, 0) / samples.length,
      max: samples.at(-1)!,
      ackP50: quantile(acks, 0.5),
      ackP99: quantile(acks, 0.99),
      throughputPerSecond: samples.length / (elapsed / 1000),
      cpuMsPerRequest: (used.user + used.system) / 1000 / samples.length,
    };
  } finally {
    await h.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const s = await measureSlackLatency({
    requests: Number(process.argv[2] ?? 200),
    concurrency: Number(process.argv[3] ?? 1),
  });
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  console.log(
    'Slack /papers today, warm: real Bolt HTTP receiver → bot → Block Kit → respond() → loopback response_url',
  );
  console.log(`requests ${s.requests}, concurrency ${s.concurrency}, node ${process.version}`);
  // Client, receiver and fake share one event loop, so the ack is only read once the handler yields.
  console.log(`ack (Bolt's HTTP 200 seen):  p50 ${ms(s.ackP50)}  p99 ${ms(s.ackP99)}`);
  console.log(
    `request → response_url POST: p50 ${ms(s.p50)}  p90 ${ms(s.p90)}  p99 ${ms(s.p99)}  mean ${ms(s.mean)}  max ${ms(s.max)}  ${s.throughputPerSecond.toFixed(0)}/s`,
  );
  console.log(`CPU per request (whole process: client + Bolt + bot + fake): ${ms(s.cpuMsPerRequest)}`);
}
