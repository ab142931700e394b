import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { plain, renderReply } from '../../adapters/terminal/render.js';
import { commands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Caller } from '../../src/caller.js';
import { deliverOne } from '../../src/digest/fanout.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeHf } from '../papers/fake-hf.js';

// Hugging Face misbehaving, through the whole stack a person sees: FakeHf → the real
// HfClient → CachedSource → bot → the terminal renderer. Each command answers with
// cached data and says how old it is, or with a clear error; digests retry. Waits are
// injected (recorded, not slept) except the per-request timeout, which is real and short.

const DAY = '2026-08-21';
const OPEN = Date.parse(`${DAY}T12:00:00Z`); // the list is still filling: refetched after the TTL
const me: Caller = {
  platform: 'terminal',
  userId: 'local',
  workspaceId: 'local',
  channelId: 'terminal',
  isDirectMessage: false,
  canManageChannel: true,
};

let hf: FakeHf;
let clock: number;
let waits: number[];
let logger: MemoryLogger;
let bot: Bot;
let papers: CachedSource;

beforeEach(async () => {
  hf = await new FakeHf().start();
  clock = OPEN;
  waits = [];
  logger = new MemoryLogger();
  const api = new HfClient({
    baseUrl: hf.url,
    logger,
    timeoutMs: 300,
    totalTimeoutMs: 60_000,
    maxAttempts: 4,
    sleep: async (ms) => {
      waits.push(ms);
    },
    now: () => clock,
  });
  papers = new CachedSource({ api, logger, openDayTtlMs: 10 * 60_000, now: () => clock });
  bot = createBot(createServices({ papers, store: new MemoryStore(), logger, now: () => new Date(clock) }), commands);
});
afterEach(async () => {
  await hf.stop();
});

const ask = async (text: string) => {
  const reply = await bot.handle({ caller: me, text });
  return { reply, printed: renderReply(reply, plain) };
};
const noStackTrace = (s: string) => expect(s).not.toMatch(/\bat .*\.(ts|js):\d+|Error:|undefined|\[object Object\]/);

describe('Hugging Face faults, end to end', () => {
  it('500s on every retry: the earlier copy is served from the cache, with its age', async () => {
    const first = await ask('today');
    expect(first.reply.cards?.length).toBeGreaterThan(0);
    clock += 2 * 3600_000; // the open list is stale now: a refetch is due
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500 })));
    const { reply, printed } = await ask('today');
    expect(reply.error).toBeUndefined();
    expect(reply.cards?.map((c) => c.id)).toEqual(first.reply.cards?.map((c) => c.id));
    expect(printed).toMatch(/Served from a cache 2 h old: Hugging Face isn't answering right now\./);
    expect(waits).toHaveLength(3); // four tries, three backoffs
    noStackTrace(printed);
  });

  it('500s with nothing cached: a clear error that says to try again, no stack trace', async () => {
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 503 })));
    const { reply, printed } = await ask('today');
    expect(reply.error?.code).toBe('upstream_unavailable');
    expect(printed).toMatch(
      /Hugging Face isn't answering right now \(HTTP 503; 4 tries in [\d.]+ s\)\. Try again in a minute or two\./,
    );
    noStackTrace(printed);
  });

  it('429 with Retry-After: waits exactly that long, then answers fresh', async () => {
    hf.queue({ kind: '429', retryAfter: '7' }, { kind: '429', retryAfter: '2' });
    const { reply, printed } = await ask('today top=3');
    expect(reply.error).toBeUndefined();
    expect(reply.cards).toHaveLength(3);
    expect(reply.notices ?? []).not.toContainEqual(expect.stringMatching(/cache/));
    expect(waits).toEqual([7000, 2000]);
    expect(hf.count('/api/daily_papers')).toBe(3);
    noStackTrace(printed);
  });

  it('a hung request times out and the retry answers', async () => {
    hf.queue({ kind: 'hang' });
    const started = Date.now();
    const { reply } = await ask('today');
    expect(reply.cards?.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(hf.count('/api/daily_papers')).toBe(2);
  });

  it('hangs on every try: a clear error, within the deadline', async () => {
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'hang' as const })));
    const { reply, printed } = await ask('search diffusion');
    expect(reply.error?.code).toBe('upstream_unavailable');
    expect(printed).toMatch(/no answer in \d+(\.\d)? s, 4 tries/);
    noStackTrace(printed);
  });

  it('truncated JSON is retried like a dropped connection', async () => {
    hf.queue({ kind: 'truncate' });
    const { reply } = await ask('today top=2');
    expect(reply.cards).toHaveLength(2);
    expect(hf.count('/api/daily_papers')).toBe(2);
  });

  it('a body that is not a list: a clear error, nothing crashes', async () => {
    hf.queue(...Array.from({ length: 4 }, () => ({ kind: 'body' as const, body: '{"error":"maintenance"}' })));
    const { reply, printed } = await ask('today');
    expect(reply.error?.code).toBe('upstream_unavailable');
    expect(printed).toMatch(/not a list of papers/);
    noStackTrace(printed);
  });

  it('unknown new fields and missing optional fields: still a full, rendered answer', async () => {
    const items = hf.day(DAY).map((item, i) => {
      const { paper, ...rest } = item as Record<string, unknown> & { paper: Record<string, unknown> };
      const trimmed = Object.fromEntries(
        Object.entries(paper).filter(
          ([k]) =>
            !['ai_summary', 'ai_keywords', 'githubRepo', 'githubStars', 'projectPage', 'organization'].includes(k),
        ),
      );
      const outer = Object.fromEntries(
        Object.entries(rest).filter(([k]) => !['thumbnail', 'numComments', 'organization', 'mediaUrls'].includes(k)),
      );
      return {
        ...outer,
        brandNewField: { nested: [1, 2, i] },
        paper: { ...trimmed, future_flag: true, reactions: [{ emoji: '🚀', count: i }] },
      };
    });
    hf.setDay(DAY, items);
    const { reply, printed } = await ask('today top=5');
    expect(reply.error).toBeUndefined();
    expect(reply.cards).toHaveLength(5);
    for (const card of reply.cards!) {
      expect(card.blurb.length).toBeGreaterThan(0); // the abstract stands in for the AI summary
      expect(card.github).toBeUndefined();
    }
    expect(printed).not.toMatch(/undefined|null|NaN/);
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });
});

describe('digests when Hugging Face is down', () => {
  it('retry the list with backoff and deliver once it answers, exactly once', async () => {
    const listDate = '2026-08-20';
    clock = Date.parse('2026-08-22T09:00:00Z');
    // Two whole client calls fail (4 tries each), then Hugging Face is back.
    hf.queue(...Array.from({ length: 8 }, () => ({ kind: 'status' as const, status: 502 })));
    const sink = new MemoryDigestSink('terminal');
    const fanoutWaits: number[] = [];
    const target = { platform: 'terminal' as const, workspaceId: 'local', kind: 'channel' as const, id: 'c1' };
    // The fan-out's waits pass on the clock, so the cache's 30-s outage cool-down runs out.
    const deps = {
      store: new MemoryStore(),
      papers,
      sinks: [sink],
      logger,
      now: () => new Date(clock),
      sleep: async (ms: number) => {
        fanoutWaits.push(ms);
        clock += ms;
      },
    };
    const report = await deliverOne({ target, listDate, settings: { top: 3, minUpvotes: 0 } }, deps);
    expect(report).toMatchObject({ outcome: 'delivered', total: 3, posted: 3 });
    // 1+2+4+8+16 s: retries inside the cool-down cost no requests; then 4 more failed
    // tries, another cool-down (32 s), and the answer.
    expect(fanoutWaits).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000]);
    expect(sink.threads).toHaveLength(1);
    expect(sink.threads[0]!.cards).toHaveLength(3);
    expect(hf.count('/api/daily_papers', ['date', listDate])).toBe(9);
    expect(await deliverOne({ target, listDate, settings: { top: 3, minUpvotes: 0 } }, deps)).toMatchObject({
      outcome: 'already_delivered',
    });
    expect(sink.threads).toHaveLength(1);
  });

  it('gives up by its deadline, even where waiting is simulated, instead of looping', async () => {
    const listDate = '2026-08-20';
    clock = Date.parse('2026-08-22T09:00:00Z');
    hf.queue(...Array.from({ length: 400 }, () => ({ kind: 'status' as const, status: 502 })));
    const waitsSeen: number[] = [];
    const deps = {
      store: new MemoryStore(),
      papers,
      sinks: [new MemoryDigestSink('terminal')],
      logger,
      now: () => new Date(clock),
      fetchDeadlineMs: 5 * 60_000,
      sleep: async (ms: number) => {
        waitsSeen.push(ms);
      }, // the clock stands still
    };
    const target = { platform: 'terminal' as const, workspaceId: 'local', kind: 'channel' as const, id: 'c2' };
    const report = await deliverOne({ target, listDate, settings: { top: 3, minUpvotes: 0 } }, deps);
    expect(report.outcome).toBe('failed');
    expect(waitsSeen.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5 * 60_000);
  });
});
