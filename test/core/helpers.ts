import type { Caller } from '../../src/caller.js';
import type { Bot } from '../../src/bot.js';
import type { Services } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import type { DigestSink } from '../../src/digest/sink.js';
import type { Logger } from '../../src/logger.js';
import { compose, type AssembleOptions, type Running } from '../../src/main.js';
import type { PaperSearchIndex } from '../../src/search/paper-search-index.js';
import type { Store } from '../../src/store/store.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { PaperSource } from '../../src/papers/source.js';
import { MemoryStore } from '../../src/store/memory-store.js';

/**
 * A bot built by the composition root (src/main.ts `compose`: the source feeding the
 * ranked search index, the digest service, the scheduler) over the bundled sample and a
 * working in-memory store, with a fixed clock.
 */
export function sampleBot(opts: { now?: string; papers?: PaperSource } = {}): {
  bot: Bot;
  services: Services;
  logger: MemoryLogger;
} {
  const logger = new MemoryLogger();
  const now = new Date(opts.now ?? '2026-08-22T09:00:00Z');
  const running = compose(loadConfig({}), logger, {
    papers: opts.papers ?? new SampleSource(),
    store: new MemoryStore(),
    now: () => now,
  });
  return { bot: running.bot, services: running.services, logger };
}

export const person = (over: Partial<Caller> = {}): Caller => ({
  platform: 'terminal',
  userId: 'U1',
  workspaceId: 'W1',
  channelId: 'C1',
  isDirectMessage: false,
  canManageChannel: false,
  ...over,
});

/**
 * The composition root (src/main.ts `compose`) over the parts a test brings: its own
 * paper source and clock, and optionally a store, logger, search index, digest sinks and
 * fan-out tuning. What tests use instead of wiring createBot by hand.
 */
export function testApp(parts: {
  papers: PaperSource;
  now: () => Date;
  store?: Store;
  logger?: Logger;
  search?: PaperSearchIndex;
  sinks?: DigestSink[];
  fanout?: AssembleOptions['fanout'];
}): Running {
  const running = compose(loadConfig({}), parts.logger ?? new MemoryLogger(), {
    papers: parts.papers,
    store: parts.store ?? new MemoryStore(),
    now: parts.now,
    ...(parts.search ? { search: parts.search } : {}),
    ...(parts.fanout ? { fanout: parts.fanout } : {}),
  });
  running.sinks.push(...(parts.sinks ?? []));
  return running;
}
