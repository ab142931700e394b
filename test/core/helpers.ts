import type { Caller } from '../../src/caller.js';
import { createServices } from '../../src/services.js';
import { commands } from '../../commands/index.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Services } from '../../src/command.js';
import { MemoryLogger } from '../../src/logger.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { PaperSource } from '../../src/papers/source.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { indexFetchedPapers, PaperSearchIndex } from '../../src/search/index.js';

/**
 * A bot wired like src/main.ts (source feeding the ranked search index) over the
 * bundled sample and a working in-memory store, with a fixed clock.
 */
export function sampleBot(opts: { now?: string; papers?: PaperSource } = {}): {
  bot: Bot;
  services: Services;
  logger: MemoryLogger;
} {
  const logger = new MemoryLogger();
  const now = new Date(opts.now ?? '2026-08-22T09:00:00Z');
  const search = new PaperSearchIndex();
  const papers = indexFetchedPapers(opts.papers ?? new SampleSource(), search);
  const services: Services = createServices({ papers, store: new MemoryStore(), logger, now: () => now, search });
  return { bot: createBot(services, commands), services, logger };
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
