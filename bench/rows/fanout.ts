/**
 * Row 4: a digest to 2,000 Discord channels through the real fan-out (src/digest/fanout)
 * and the real Discord sink (adapters/discord/sink) on the real discord.js Client, with a
 * proxy in front of FakeDiscord enforcing 50 requests/s globally and per-route buckets
 * (429 + Retry-After beyond them). Figures: total time ÷ the bound the global limit
 * sets (requests ÷ 50/s), 429s answered, duplicate messages seen by the fake — for
 * 2,000 channels with one paper each, and for a smaller fan-out of the default digest
 * (10 papers), where the per-thread bucket rather than the global limit can bind.
 *
 *   node --import tsx bench/rows/fanout.ts [channels=2000] [top=1] [defaultDigestChannels=40]
 */
import type { Target } from '../../src/caller.js';
import { DEFAULT_CONCURRENCY, deliverAll, type DeliveryJob } from '../../src/digest/fanout.js';
import { silentLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FAKE_GUILD_ID } from '../../test/fakes/discord/payloads.js';
import { startRateLimitProxy, type RateLimitProxy } from '../../test/reliability/rate-limit-proxy.js';
import { startDiscordStack } from '../../test/reliability/stacks.js';
import { fanoutProbe } from '../lib/env.js';
import { round, runRow, type Figure, type RowResult } from '../lib/stats.js';

const CHANNELS = Number(process.argv[2] ?? 2000);
const TOP = Number(process.argv[3] ?? 1);
/** Channels for the default-digest (top 10) figure and its concurrency experiment (0 = skip) */
const REALISTIC_CHANNELS = Number(process.argv[4] ?? 40);
const PER_SECOND = 50;
const LIST = '2026-08-21';
const NOW = new Date('2026-08-22T09:00:00Z');
const ROW = '4. digest fan-out to Discord channels';

interface Run {
  seconds: number;
  requests: number;
  global429: number;
  route429: number;
  duplicates: number;
  missing: number;
  delivered: number;
}

/** One fan-out on a fresh stack; `clientPerSecond` overrides discord.js's global pacing (an experiment). */
async function fanout(
  channels: number,
  top: number,
  opts: { clientPerSecond?: number; concurrency?: number } = {},
): Promise<Run> {
  const store = new MemoryStore();
  const services = createServices({ papers: new SampleSource(), store, logger: silentLogger, now: () => NOW });
  let proxy: RateLimitProxy | undefined;
  const stack = await startDiscordStack(services, {
    apiUrl: async (fake) =>
      (proxy = await startRateLimitProxy(`http://127.0.0.1:${fake.port}`, { globalPerSecond: PER_SECOND })).apiUrl,
  });
  const { fake, discord } = stack;
  if (opts.clientPerSecond !== undefined)
    (
      discord.client.rest as unknown as { options: { globalRequestsPerSecond: number } }
    ).options.globalRequestsPerSecond = opts.clientPerSecond;
  try {
    const targets: Target[] = Array.from({ length: channels }, (_, i) => ({
      platform: 'discord',
      workspaceId: FAKE_GUILD_ID,
      kind: 'channel',
      id: String(910000000000000000n + BigInt(i)),
    }));
    const jobs: DeliveryJob[] = targets.map((target) => ({ target, listDate: LIST, settings: { top, minUpvotes: 0 } }));
    const before = { ...proxy!.stats };
    const started = performance.now();
    const reports = await deliverAll(jobs, {
      store,
      papers: services.papers,
      sinks: [discord.sink],
      logger: silentLogger,
      now: () => NOW,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    // What Discord would show: one parent per channel, TOP papers in each thread.
    let duplicates = 0;
    let missing = 0;
    for (const t of targets) {
      const inChannel = fake.channels.get(t.id) ?? [];
      duplicates += Math.max(0, inChannel.length - 1);
      if (inChannel.length === 0) {
        missing += 1 + top;
        continue;
      }
      const thread = inChannel[0]!.thread;
      const inThread = thread ? (fake.channels.get(thread.id) ?? []) : [];
      duplicates += Math.max(0, inThread.length - top);
      missing += Math.max(0, top - inThread.length);
    }
    return {
      seconds,
      requests: proxy!.stats.forwarded - before.forwarded,
      global429: proxy!.stats.globalLimited - before.globalLimited,
      route429: proxy!.stats.routeLimited - before.routeLimited,
      duplicates,
      missing,
      delivered: reports.filter((r) => r.outcome === 'delivered').length,
    };
  } finally {
    await stack.close();
    await proxy?.close();
  }
}

if (fanoutProbe) {
  const [channels, top, concurrency] = fanoutProbe.split(',').map(Number);
  const r = await fanout(channels!, top!, { concurrency: concurrency || undefined });
  console.log(JSON.stringify({ ...r, bound: r.requests / PER_SECOND, ratio: r.seconds / (r.requests / PER_SECOND) }));
  process.exit(0);
}

runRow(ROW, async (): Promise<RowResult> => {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const measure = (label: string, channels: number, top: number, r: Run): void => {
    const bound = r.requests / PER_SECOND;
    const ratio = r.seconds / bound;
    const tooMany = r.global429 + r.route429;
    figures.push(
      {
        name: `${label}: time ÷ rate-limit bound (${round(r.seconds, 1)} s ÷ ${round(bound, 1)} s)`,
        value: round(ratio, 3),
        unit: 'x',
        target: '<= 1.1x',
        met: ratio <= 1.1,
      },
      {
        name: `${label}: 429s / duplicate messages`,
        value: `${tooMany} / ${r.duplicates}`,
        unit: '',
        target: '0 / 0',
        met: tooMany === 0 && r.duplicates === 0,
      },
    );
    notes.push(
      `${label}: ${channels} channels × (parent + thread + ${top} paper${top === 1 ? '' : 's'}) = ${r.requests} requests; ${r.delivered} delivered, ${r.missing} messages missing; 429s ${r.global429} global, ${r.route429} per-route`,
    );
  };
  measure(`${CHANNELS} channels, top ${TOP}`, CHANNELS, TOP, await fanout(CHANNELS, TOP));
  if (REALISTIC_CHANNELS > 0) {
    // The digest's default is 10 papers: 10 posts into one thread meet its 5-per-5-s
    // bucket, so each channel takes 5 s; only many channels at once keep 50/s busy.
    measure(
      `${REALISTIC_CHANNELS} channels, default top 10`,
      REALISTIC_CHANNELS,
      10,
      await fanout(REALISTIC_CHANNELS, 10),
    );
  }
  notes.push(
    `limits: global token bucket of 50 refilled at 50/s (interaction callbacks exempt); per-route fixed windows of 5 per 5 s per channel or thread; fan-out concurrency: the default (${DEFAULT_CONCURRENCY} targets at once)`,
  );
  return { row: ROW, figures, notes };
});
