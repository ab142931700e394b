import { vi } from 'vitest';
import type { Target } from '../../src/caller.js';
import { MemoryDigestSink } from '../../src/digest/memory-sink.js';
import { MemoryLogger } from '../../src/logger.js';
import { CachedSource } from '../../src/papers/cached-source.js';
import { HfClient } from '../../src/papers/hf-client.js';
import { createScheduler, type DigestScheduler } from '../../src/schedule/scheduler.js';
import type { Alert } from '../../src/store/alert-types.js';
import type { Store } from '../../src/store/store.js';
import { normalizeTopicText } from '../../src/topics/topic-key.js';
import type { FakeHf } from '../papers/fake-hf.js';

/** The day the tests run on: a Friday whose list the fake Hugging Face has (the sample's last day). */
export const DAY = '2026-08-21';

export const place = (id: string, kind: Target['kind'] = 'channel'): Target => ({
  platform: 'terminal',
  workspaceId: 'local',
  kind,
  id,
});

export const alertFor = (id: string, target: Target, topic: string, over: Partial<Alert> = {}): Alert => ({
  id,
  target,
  topic,
  key: normalizeTopicText(topic),
  minUpvotes: 0,
  timezone: 'Europe/Berlin',
  createdBy: 'U1',
  createdAt: new Date().toISOString(),
  ...over,
});

type Item = ReturnType<FakeHf['day']>[number];

/** A paper on the fake Hugging Face, shaped like the recorded ones, that only the word "zyxwizard" finds. */
export function newPaper(hf: FakeHf, id: string, upvotes: number): Item {
  const item = structuredClone(hf.day(DAY)[0]!) as Item & { title: string; summary: string };
  item.paper = {
    ...item.paper,
    id,
    title: `Zyxwizard networks for sparse parity (${id})`,
    summary: 'We study zyxwizard networks on sparse parity tasks.',
    upvotes,
    ai_keywords: ['zyxwizard networks'],
  };
  item.title = item.paper.title;
  item.summary = item.paper.summary;
  return item;
}

/** Put `item` on the open list (or update its upvotes there). */
export function publish(hf: FakeHf, date: string, item: Item): void {
  const rest = hf.day(date).filter((i) => i.paper.id !== item.paper.id);
  hf.setDay(date, [...rest, item]);
}

export interface Instance {
  scheduler: DigestScheduler;
  sink: MemoryDigestSink;
  logger: MemoryLogger;
  source: CachedSource;
}

/**
 * One Paperboy process's worth of state over `store`: its own HTTP client and cache on
 * the fake Hugging Face (the default 10-minute TTL), its own sink and scheduler. A new
 * instance on the same store is what a restart looks like.
 */
export function instance(store: Store, hf: FakeHf, owner: string, sink = new MemoryDigestSink('terminal')): Instance {
  const logger = new MemoryLogger();
  const api = new HfClient({ baseUrl: hf.url, logger, sleep: async () => {} });
  const source = new CachedSource({ api, logger });
  const scheduler = createScheduler({ store, papers: source, sinks: [sink], logger, now: () => new Date(), owner });
  return { scheduler, sink, logger, source };
}

/**
 * Fake time, minute by minute: each minute every instance runs its scheduler tick (the
 * digest pass and, when its 5-minute slot comes round, the alert poll), as node-cron
 * would call it; `at` runs first in the minute it names (HH:MM UTC on DAY, or an ISO time).
 */
export async function runMinutes(
  instances: readonly Instance[],
  from: string,
  to: string,
  at: Record<string, () => void> = {},
): Promise<void> {
  const iso = (t: string) => (t.length === 5 ? `${DAY}T${t}:00.000Z` : t);
  for (let t = Date.parse(iso(from)); t <= Date.parse(iso(to)); t += 60_000) {
    vi.setSystemTime(t);
    const hhmm = new Date(t).toISOString().slice(11, 16);
    at[hhmm]?.();
    at[new Date(t).toISOString()]?.();
    await Promise.all(instances.map((i) => i.scheduler.tick()));
  }
}

/** Alert posts across sinks, as [place, paper id, HH:MM UTC]. */
export const postsOf = (...sinks: MemoryDigestSink[]): [string, string, string][] =>
  sinks
    .flatMap((s) => s.singles.map((p) => [p.target.id, p.card.id, p.at.slice(11, 16)] as [string, string, string]))
    .sort((a, b) => a[2].localeCompare(b[2]) || a[0].localeCompare(b[0]));
