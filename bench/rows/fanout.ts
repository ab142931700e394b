/**
 * Row 4: the digest fan-out through the shipped stores (issue 15, issue 10 §3–4). The real
 * fan-out (src/digest/fanout) and Discord sink on the real discord.js Client, over the
 * JSON store and PostgreSQL opened by openStore and seeded with 2,000 places and history
 * (bench/lib/store-seed: empty, one month, one year), posting today's digest to `channels`
 * of those places. A proxy in front of FakeDiscord enforces Discord's limits (50 requests/s
 * global, 5 per 5 s per channel or thread; 429 + Retry-After beyond them).
 * - time ÷ the bound the global limit sets (requests ÷ 50/s), 429s, duplicates;
 * - meanwhile `/papers subscriptions` in one of those channels every 50 ms: p99 from the
 *   dispatch to the answer (an ordinary command while the digest goes out);
 * - three instances (child processes, the composition root) on one PostgreSQL, sharing
 *   one bot token through a shared REST proxy (bench/lib/shared-rest-proxy) behind
 *   DISCORD_API_URL, delivering the same digest: 429s (goal 0) and time ÷ bound.
 *
 *   node --import tsx bench/rows/fanout.ts [channels=500] [top=1] [engines=json,postgres] [ages=empty,month,year] [instanceChannels=500]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Target } from '../../src/caller.js';
import { DEFAULT_CONCURRENCY, deliverAll, type DeliveryJob } from '../../src/digest/fanout.js';
import { silentLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { createServices } from '../../src/services.js';
import type { Store } from '../../src/store/store.js';
import { chatInput, FAKE_APP_ID, PERMS } from '../../test/fakes/discord/payloads.js';
import { startRateLimitProxy, type RateLimitProxy } from '../../test/reliability/rate-limit-proxy.js';
import { startDiscordStack, type DiscordStack } from '../../test/reliability/stacks.js';
import { benchDatabaseUrl } from '../lib/env.js';
import { threeInstances } from '../lib/fanout-instances.js';
import {
  AGE_LABEL,
  AGES,
  PLACES,
  SEED_NEXT_LIST,
  SEED_NOW,
  jsonStoreFor,
  openSeeded,
  place,
  postgresStoreFor,
  type Age,
} from '../lib/store-seed.js';
import { percentile, round, runRow, sleep, type Figure, type RowResult } from '../lib/stats.js';

/** At most PLACES - 100: the last 100 places are where the probe commands are sent */
const CHANNELS = Math.min(Number(process.argv[2] ?? 500), PLACES - 100);
const TOP = Number(process.argv[3] ?? 1);
/** `none` runs only the three-instance part */
const ENGINES = (process.argv[4] ?? 'json,postgres')
  .split(',')
  .filter((e): e is Engine => e === 'json' || e === 'postgres');
const WANTED = (process.argv[5] ?? AGES.join(',')).split(',') as Age[];
const INSTANCE_CHANNELS = Number(process.argv[6] ?? CHANNELS);
const PER_SECOND = 50;
const PROBE_EVERY_MS = 50;
const ROW = '4. digest fan-out through the shipped stores';
type Engine = 'json' | 'postgres';

export interface Run {
  seconds: number;
  requests: number;
  global429: number;
  route429: number;
  duplicates: number;
  missing: number;
  delivered: number;
  probes: number[];
  probeFailures: number;
  cpuSeconds: number;
  stallMs: number;
}

let probeSeq = 0;
/** One `/papers subscriptions` in `channel`: dispatch → the answer (the callback, or the edit after a defer). */
async function probe(stack: DiscordStack, channel: string): Promise<number> {
  const user = { id: String(900000000000200000n + BigInt(++probeSeq % 5000)), username: 'bench' };
  const payload = chatInput('papers', 'subscriptions', [], { user, permissions: PERMS.member, channelId: channel });
  stack.fake.interact(payload);
  const sent = stack.fake.dispatchedAt.get(payload.id)!;
  const cb = await stack.fake.waitFor(
    (r) => r.path === `/interactions/${payload.id}/${payload.token}/callback`,
    10_000,
  );
  if (cb.body?.type !== 5) return cb.at - sent;
  const edit = await stack.fake.waitFor(
    (r) => r.method === 'PATCH' && r.path.endsWith(`/${payload.token}/messages/@original`),
    10_000,
  );
  return edit.at - sent;
}

/** What Discord would show: one parent per channel, `top` papers in its thread. */
function count(stack: DiscordStack, targets: Target[], top: number): { duplicates: number; missing: number } {
  let duplicates = 0;
  let missing = 0;
  for (const t of targets) {
    const inChannel = stack.fake.channels.get(t.id) ?? [];
    duplicates += Math.max(0, inChannel.length - 1);
    const thread = inChannel[0]?.thread;
    const inThread = thread ? (stack.fake.channels.get(thread.id) ?? []) : [];
    if (!thread) missing += 1 + top;
    else {
      duplicates += Math.max(0, inThread.length - top);
      missing += Math.max(0, top - inThread.length);
    }
  }
  return { duplicates, missing };
}

async function fanout(store: Store, channels: number, top: number): Promise<Run> {
  const papers = new SampleSource({ now: () => SEED_NOW.getTime() });
  const services = createServices({ papers, store, logger: silentLogger, now: () => SEED_NOW });
  let proxy: RateLimitProxy | undefined;
  const stack = await startDiscordStack(services, {
    apiUrl: async (fake) =>
      (proxy = await startRateLimitProxy(`http://127.0.0.1:${fake.port}`, {
        globalPerSecond: PER_SECOND,
        appId: FAKE_APP_ID,
      })).apiUrl,
  });
  try {
    const targets = Array.from({ length: channels }, (_, i) => place(i));
    const jobs: DeliveryJob[] = targets.map((target) => ({
      target,
      listDate: SEED_NEXT_LIST,
      settings: { top, minUpvotes: 0 },
    }));
    const before = { ...proxy!.stats };
    const digestRequests = () =>
      stack.fake.requests.filter((r) => !r.path.startsWith('/interactions/') && !r.path.startsWith('/webhooks/'))
        .length;
    const requestsBefore = digestRequests();
    const probes: number[] = [];
    let probeFailures = 0;
    let running = true;
    const prober = (async () => {
      for (let i = 0; running; i++) {
        const at = performance.now();
        // Each probe on its own: a slow answer must not hold back the next one's dispatch.
        // In a place of the store that gets no digest now (its answers would land among the posts).
        void probe(stack, place(PLACES - 1 - (i % 100)).id).then(
          (ms) => probes.push(ms),
          () => probeFailures++,
        );
        await sleep(Math.max(0, PROBE_EVERY_MS - (performance.now() - at)));
      }
    })();
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const reports = await deliverAll(jobs, {
      store,
      papers,
      sinks: [stack.discord.sink],
      logger: silentLogger,
      now: () => SEED_NOW,
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    stall.disable();
    running = false;
    await prober;
    await sleep(500); // the last probes' answers
    return {
      seconds,
      requests: digestRequests() - requestsBefore,
      global429: proxy!.stats.globalLimited - before.globalLimited,
      route429: proxy!.stats.routeLimited - before.routeLimited,
      ...count(stack, targets, top),
      delivered: reports.filter((r) => r.outcome === 'delivered').length,
      probes,
      probeFailures,
      cpuSeconds: (used.user + used.system) / 1e6,
      stallMs: stall.max / 1e6,
    };
  } finally {
    await stack.close();
    await proxy?.close();
  }
}

async function onStore(engine: Engine, age: Age): Promise<Run> {
  const json = engine === 'json' ? jsonStoreFor(age) : undefined;
  const pg = engine === 'postgres' ? await postgresStoreFor(benchDatabaseUrl, age) : undefined;
  try {
    const store = await openSeeded(json, pg);
    try {
      return await fanout(store, CHANNELS, TOP);
    } finally {
      await store.close();
    }
  } finally {
    json?.dispose();
    await pg?.dispose();
  }
}

function figuresOf(label: string, r: Run, baseline: Run | undefined, notes: string[]): Figure[] {
  const bound = r.requests / PER_SECOND;
  const ratio = r.seconds / bound;
  const p99 = percentile(r.probes, 99);
  const tooMany = r.global429 + r.route429;
  const vsEmpty =
    baseline && baseline !== r
      ? ` (${round(ratio / (baseline.seconds / (baseline.requests / PER_SECOND)), 2)}× empty)`
      : '';
  notes.push(
    `${label}: ${CHANNELS} channels × (parent + thread + ${TOP} paper${TOP === 1 ? '' : 's'}) = ${r.requests} requests in ${round(r.seconds, 1)} s wall, ${round(r.cpuSeconds, 1)} s CPU; ${r.delivered} delivered, ${r.missing} messages missing; 429s ${r.global429} global, ${r.route429} per-route; /papers subscriptions every ${PROBE_EVERY_MS} ms: ${r.probes.length} answered, ${r.probeFailures} unanswered, p50 ${round(percentile(r.probes, 50), 1)} ms, max ${round(Math.max(...r.probes), 0)} ms; longest event-loop stall in this process during the fan-out ${round(r.stallMs, 0)} ms`,
  );
  return [
    {
      name: `${label}: time ÷ rate-limit bound (${round(r.seconds, 1)} s ÷ ${round(bound, 1)} s)${vsEmpty}`,
      value: round(ratio, 3),
      unit: 'x',
      target: '<= 1.1x',
      met: ratio <= 1.1,
    },
    {
      name: `${label}: /papers subscriptions p99 during the fan-out`,
      value: round(p99, 1),
      unit: 'ms',
      target: '<= 50 ms',
      met: p99 <= 50 && r.probeFailures === 0,
    },
    {
      name: `${label}: 429s / duplicate messages / missing`,
      value: `${tooMany} / ${r.duplicates} / ${r.missing}`,
      unit: '',
      target: '0 / 0 / 0',
      met: tooMany === 0 && r.duplicates === 0 && r.missing === 0,
    },
  ];
}

runRow(ROW, async (): Promise<RowResult> => {
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const engine of ENGINES) {
    let empty: Run | undefined;
    for (const age of AGES.filter((a) => WANTED.includes(a))) {
      const r = await onStore(engine, age);
      if (age === 'empty') empty = r;
      figures.push(...figuresOf(`${engine === 'json' ? 'JSON' : 'PostgreSQL'}, ${AGE_LABEL[age]}`, r, empty, notes));
    }
  }
  if (INSTANCE_CHANNELS > 0) {
    const age: Age = WANTED.includes('year') ? 'year' : WANTED.at(-1)!;
    const three = await threeInstances(benchDatabaseUrl, age, INSTANCE_CHANNELS, TOP);
    const bound = three.requests / PER_SECOND;
    const ratio = three.seconds / bound;
    figures.push(
      {
        name: `3 instances on one PostgreSQL (${AGE_LABEL[age]}), one token via a shared REST proxy: 429s`,
        value: three.global429 + three.route429,
        unit: '',
        target: '0',
        met: three.global429 + three.route429 === 0,
      },
      {
        name: `3 instances: time ÷ rate-limit bound (${round(three.seconds, 1)} s ÷ ${round(bound, 1)} s)`,
        value: round(ratio, 3),
        unit: 'x',
        target: '<= 1.1x',
        met: ratio <= 1.1,
      },
      {
        name: '3 instances: duplicate messages / missing',
        value: `${three.duplicates} / ${three.missing}`,
        unit: '',
        target: '0 / 0',
        met: three.duplicates === 0 && three.missing === 0,
      },
    );
    notes.push(three.note);
  }
  notes.push(
    `scale: ${CHANNELS} of the store's 2,000 channels, top ${TOP}, so that six fan-outs stay ~30 s each (2,000 × (1 + 10) posts is 440 s at 50/s); limits: global token bucket of 50 refilled at 50/s (interaction callbacks exempt), per-route windows of 5 per 5 s; fan-out concurrency ${DEFAULT_CONCURRENCY}`,
  );
  return { row: ROW, figures, notes };
});
