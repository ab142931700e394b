import type { Caller } from '../../src/caller.js';
import type { Bot } from '../../src/bot.js';
import type { Services } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import { compose } from '../../src/main.js';
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
