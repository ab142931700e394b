import { discordPlatform } from '../../adapters/discord/platform.js';
import type { RunningDiscord } from '../../adapters/discord/index.js';
import type { Bot } from '../../src/bot.js';
import { processButtonKey, type ButtonKeySource } from '../../src/button-key.js';
import type { Command, Services } from '../../src/command.js';
import { loadConfig, Secret } from '../../src/config.js';
import { MemoryLogger } from '../../src/logger.js';
import { assemble, startPlatform } from '../../src/main.js';
import { noopMetrics } from '../../src/metrics.js';
import type { Paper } from '../../src/papers/paper.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { Fetched, PaperSource } from '../../src/papers/source.js';
import type { PaperSearchIndex } from '../../src/search/paper-search-index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { FakeDiscord, type RecordedRequest } from '../fakes/discord/fake-discord.js';
import { FAKE_APP_ID } from '../fakes/discord/payloads.js';

/**
 * The whole Discord stack for a test, built by the composition root (assemble +
 * startPlatform, as src/main.ts does): the fake Discord, the real Client logged in to it,
 * the real bot over the bundled sample (feeding the ranked search index) and a MemoryStore.
 */
export interface Harness {
  fake: FakeDiscord;
  discord: RunningDiscord;
  bot: Bot;
  services: Services;
  store: MemoryStore;
  logger: MemoryLogger;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    source?: PaperSource;
    deferAfterMs?: number;
    commands?: readonly Command[];
    /** Kept for older tests: the Discord sink now always joins the digest sinks, as in main */
    digest?: boolean;
    buttonKeys?: ButtonKeySource;
    search?: PaperSearchIndex;
    now?: () => Date;
  } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const store = new MemoryStore();
  const logger = new MemoryLogger();
  const config = loadConfig({});
  const running = await assemble(config, logger, {
    papers: opts.source ?? new SampleSource(),
    store,
    now: opts.now ?? (() => new Date()),
    ...(opts.search ? { search: opts.search } : {}),
    ...(opts.commands ? { commands: opts.commands } : {}),
    fanout: { sleep: async () => {} },
  });
  const platform = discordPlatform(
    { token: new Secret('fake-bot-token'), appId: FAKE_APP_ID, guildId: undefined, apiUrl: fake.apiUrl },
    opts.deferAfterMs !== undefined ? { deferAfterMs: opts.deferAfterMs } : {},
  );
  await startPlatform(running, platform, logger, {
    buttonKeys: opts.buttonKeys ?? processButtonKey(),
    metrics: noopMetrics,
  });
  return {
    fake,
    discord: platform.running()!,
    bot: running.bot,
    services: running.services,
    store,
    logger,
    async close() {
      await platform.stop();
      await fake.close();
      await running.stop();
    },
  };
}

/** Wait for the interaction's callback (the first answer Discord sees). */
export const callbackOf = (fake: FakeDiscord, i: { id: string; token: string }): Promise<RecordedRequest> =>
  fake.waitFor((r) => r.path === `/interactions/${i.id}/${i.token}/callback`);

/** Wait until an interaction has produced `n` REST calls (callback, edits, follow-ups). */
export async function settle(
  fake: FakeDiscord,
  i: { id: string; token: string },
  n: number,
): Promise<RecordedRequest[]> {
  await fake.waitFor(() => fake.callsFor(i).length >= n);
  return fake.callsFor(i);
}

/** A source that answers like `inner`, after a delay (a cold Hugging Face). */
export class SlowSource implements PaperSource {
  constructor(
    private readonly inner: PaperSource,
    public delayMs: number,
  ) {}
  private async later<T>(f: () => Promise<T>): Promise<T> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return f();
  }
  day(d: string): Promise<Fetched<Paper[]>> {
    return this.later(() => this.inner.day(d));
  }
  week(w: string): Promise<Fetched<Paper[]>> {
    return this.later(() => this.inner.week(w));
  }
  month(m: string): Promise<Fetched<Paper[]>> {
    return this.later(() => this.inner.month(m));
  }
  search(q: string): Promise<Fetched<Paper[]>> {
    return this.later(() => this.inner.search(q));
  }
  paper(id: string): Promise<Fetched<Paper | undefined>> {
    return this.later(() => this.inner.paper(id));
  }
  today(now: Date): string {
    return this.inner.today(now);
  }
}
