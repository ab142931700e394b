/**
 * Row 4: a digest to 2,000 Discord channels through the real fan-out (src/digest/fanout)
 * and the real Discord sink (adapters/discord/sink) on the real discord.js Client, with a
 * proxy in front of FakeDiscord enforcing 50 requests/s globally and per-route buckets
 * (429 + Retry-After beyond them). Figures: total time ÷ the bound the global limit
 * sets (requests ÷ 50/s), 429s answered, duplicate messages seen by the fake.
 *
 *   node --import tsx bench/rows/fanout.ts [channels=2000] [top=1] [experimentChannels=300]
 */
import type { Target } from '../../src/caller.js';
import { deliverAll, type DeliveryJob } from '../../src/digest/fanout.js';
import { silentLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FAKE_GUILD_ID } from '../../test/fakes/discord/payloads.js';
import { startRateLimitProxy, type RateLimitProxy } from '../../test/reliability/rate-limit-proxy.js';
import { startDiscordStack } from '../../test/reliability/stacks.js';
import { round, runRow, type RowResult } from '../lib/stats.js';

const CHANNELS = Number(process.argv[2] ?? 2000);
const TOP = Number(process.argv[3] ?? 1);
/** Channels for the pacing experiment (0 = skip) */
const EXPERIMENT_CHANNELS = Number(process.argv[4] ?? 300);
const PER_SECOND = 50;
const LIST = '2026-08-21';
const NOW = new Date('2026-08-22T09:00:00Z');
const ROW = '4. digest fan-out to Discord channels';

interface Run { seconds: number; requests: number; global429: number; route429: number; duplicates: number; missing: number; delivered: number }

/** One fan-out on a fresh stack; `clientPerSecond` overrides discord.js's global pacing (an experiment). */
async function fanout(channels: number, clientPerSecond?: number): Promise<Run> {
  const store = new MemoryStore();
  const services = { papers: new SampleSource(), store, logger: silentLogger, now: () => NOW };
  let proxy: RateLimitProxy | undefined;
  const stack = await startDiscordStack(services, {
    apiUrl: async (fake) => (proxy = await startRateLimitProxy(`http://127.0.0.1:${fake.port}`, { globalPerSecond: PER_SECOND })).apiUrl,
  });
  const { fake, discord } = stack;
  if (clientPerSecond !== undefined) (discord.client.rest as unknown as { options: { globalRequestsPerSecond: number } }).options.globalRequestsPerSecond = clientPerSecond;
  try {
    const targets: Target[] = Array.from({ length: channels }, (_, i) => ({
      platform: 'discord', workspaceId: FAKE_GUILD_ID, kind: 'channel', id: String(910000000000000000n + BigInt(i)),
    }));
    const jobs: DeliveryJob[] = targets.map((target) => ({ target, listDate: LIST, settings: { top: TOP, minUpvotes: 0 } }));
    const before = { ...proxy!.stats };
    const started = performance.now();
    const reports = await deliverAll(jobs, { store, papers: services.papers, sinks: [discord.sink], logger: silentLogger, now: () => NOW });
    const seconds = (performance.now() - started) / 1000;
    // What Discord would show: one parent per channel, TOP papers in each thread.
    let duplicates = 0;
    let missing = 0;
    for (const t of targets) {
      const inChannel = fake.channels.get(t.id) ?? [];
      duplicates += Math.max(0, inChannel.length - 1);
      if (inChannel.length === 0) { missing += 1 + TOP; continue; }
      const thread = inChannel[0]!.thread;
      const inThread = thread ? (fake.channels.get(thread.id) ?? []) : [];
      duplicates += Math.max(0, inThread.length - TOP);
      missing += Math.max(0, TOP - inThread.length);
    }
    return {
      seconds,
      requests: proxy!.stats.forwarded - before.forwarded,
      global429: proxy!.stats.globalLimited - before.globalLimited,
      route429: proxy!.stats.routeLimited - before.routeLimited,
      duplicates, missing,
      delivered: reports.filter((r) => r.outcome === 'delivered').length,
    };
  } finally {
    await stack.close();
    await proxy?.close();
  }
}

runRow(ROW, async (): Promise<RowResult> => {
  const r = await fanout(CHANNELS);
  const bound = r.requests / PER_SECOND;
  const ratio = r.seconds / bound;
  const tooMany = r.global429 + r.route429;
  const notes = [
    `${CHANNELS} channels × (parent + thread + ${TOP} paper${TOP === 1 ? '' : 's'}) = ${r.requests} REST requests reached the fake; bound at ${PER_SECOND}/s = ${round(bound, 1)} s`,
    `${r.delivered} of ${CHANNELS} deliveries reported delivered; ${r.missing} expected messages missing; 429s: ${r.global429} global, ${r.route429} per-route`,
    'limits: global token bucket of 50 refilled at 50/s (interaction callbacks exempt); per-route fixed windows of 5 per 5 s per channel; fan-out concurrency: the default (4 targets at once)',
  ];
  if (EXPERIMENT_CHANNELS > 0) {
    const e = await fanout(EXPERIMENT_CHANNELS, 48);
    notes.push(`experiment, ${EXPERIMENT_CHANNELS} channels with discord.js globalRequestsPerSecond 48 instead of its default 50: ${round(e.seconds / (e.requests / PER_SECOND), 3)}x the 50/s bound, ${e.global429 + e.route429} 429s, ${e.duplicates} duplicates`);
  }
  return {
    row: ROW,
    figures: [
      { name: `fan-out to ${CHANNELS} channels, total time`, value: round(r.seconds, 1), unit: 's' },
      { name: 'fan-out time ÷ rate-limit bound', value: round(ratio, 3), unit: 'x', target: '<= 1.1x', met: ratio <= 1.1 },
      { name: 'fan-out 429s', value: tooMany, unit: '', target: '0', met: tooMany === 0 },
      { name: 'fan-out duplicate messages', value: r.duplicates, unit: '', target: '0', met: r.duplicates === 0 },
    ],
    notes,
  };
});
