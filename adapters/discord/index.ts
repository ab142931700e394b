import { Client, Events, GatewayIntentBits, Status } from 'discord.js';
import type { Bot } from '../../src/bot.js';
import { processButtonKey, type ButtonKeySource } from '../../src/button-key.js';
import type { Command, Services } from '../../src/command.js';
import { ConfigError, type Config } from '../../src/config.js';
import type { DigestSink } from '../../src/digest/sink.js';
import { StartupError } from '../../src/errors.js';
import { errorFields, type Logger } from '../../src/logger.js';
import { noopMetrics, type Metrics } from '../../src/metrics.js';
import { describeShardPlan, type ShardPlan } from '../../src/shards.js';
import { networkProblem } from '../../src/net-errors.js';
import { createInteractionHandler } from './interactions.js';
import { PagingMemory } from './paging.js';
import { DiscordDigestSink } from './sink.js';

export { buildSlashCommands, CHANNEL_COMMAND, MAIN_COMMAND } from './slash-commands.js';
export { renderReply } from './render.js';
export { DiscordDigestSink, nonceFor, toDeliveryError } from './sink.js';

/** Rate-limit waits longer than this are handed back to the caller instead of slept through. */
export const LONG_RATE_LIMIT_MS = 30_000;

export interface DiscordDeps {
  bot: Bot;
  commands: readonly Command[];
  /** For autocomplete of the caller's topics (services.store.subscriptions) */
  services: Pick<Services, 'store'>;
  config: NonNullable<Config['discord']>;
  logger: Logger;
  /** Reply directly if the core answers within this, else defer (default 10 ms: a warm answer takes ~1 ms) */
  deferAfterMs?: number;
  /** Signs paging buttons (default: a key for this process only) */
  buttonKeys?: ButtonKeySource;
  metrics?: Metrics;
}

/** The gateway as /readyz shows it: every shard this process runs, and how it is doing. */
export interface DiscordStatus {
  /** Every shard of this process is connected */
  ready: boolean;
  shardCount: number;
  shards: { id: number; status: string; pingMs: number }[];
}

export interface RunningDiscord {
  sink: DigestSink;
  stop(): Promise<void>;
  client: Client;
  status(): DiscordStatus;
}

/** discord.js client options for a shard plan (undefined: its default, shard 0 of 1). */
export function shardOptions(plan: ShardPlan | undefined): { shards?: number[] | 'auto'; shardCount?: number } {
  if (plan === undefined) return {};
  if (plan === 'auto') return { shards: 'auto' };
  return { shards: plan.ids, shardCount: plan.count };
}

/**
 * Why the login failed, told apart: Discord refused the token (discord.js reports its
 * 401 as TokenInvalid), or Discord could not be reached, which says nothing about the
 * token and must not send anyone to reset it.
 */
function loginFailure(err: unknown, apiUrl: string | undefined): Error {
  const code = (err as { code?: unknown }).code;
  if (code === 'TokenInvalid' || code === 'TokenMissing') {
    return new ConfigError([
      'Discord refused DISCORD_TOKEN (401 Unauthorized): copy a fresh token from the Developer Portal → Bot → Reset Token',
    ]);
  }
  if (code === 'DisallowedIntents') {
    return new ConfigError(['Discord refused the Guilds intent: check the bot settings on the Developer Portal']);
  }
  const host = new URL(apiUrl ?? 'https://discord.com/api').host;
  const status = (err as { status?: unknown }).status;
  const why = typeof status === 'number' ? `${host} answered HTTP ${status}` : networkProblem(err, host).text;
  return new StartupError(
    `Paperboy could not reach Discord (${why}), so DISCORD_TOKEN was not checked. Check the network connection${apiUrl ? ' and DISCORD_API_URL' : ''}, then start Paperboy again.`,
    { cause: err },
  );
}

/**
 * Log in to Discord (Guilds intent only: slash commands need no privileged intents)
 * and answer /papers interactions. Resolves once the gateway session is ready.
 * Slash commands are registered separately (`npm run register`), not on every start:
 * registration is rate limited and global changes take a while to spread.
 */
export async function startDiscord(deps: DiscordDeps): Promise<RunningDiscord> {
  const { config, logger } = deps;
  const metrics = deps.metrics ?? noopMetrics;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    ...shardOptions(config.shards),
    // A default for anything we might send without saying: never ping.
    allowedMentions: { parse: [] },
    rest: {
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      // discord.js waits out 429s itself; a wait this long would silently stall a digest
      // worker, so it becomes a rate_limited DeliveryError the fan-out schedules instead.
      rejectOnRateLimit: (limit) => limit.retryAfter > LONG_RATE_LIMIT_MS,
      // discord.js counts every request, interaction answers too, in its one-second window;
      // Discord exempts interaction answers from the 50/s. The digest sink's pacer keeps
      // posts at 50/s, so at 50 here a fan-out used the whole window and every command
      // answer waited up to a second behind it (p99 1-2 s during a fan-out).
      globalRequestsPerSecond: 100,
    },
  });
  const buttonKeys = deps.buttonKeys ?? processButtonKey();
  const handler = createInteractionHandler({
    bot: deps.bot,
    commands: deps.commands,
    subscriptions: deps.services.store.subscriptions,
    logger,
    paging: new PagingMemory(),
    buttonKeys,
    deferAfterMs: deps.deferAfterMs ?? 10,
  });
  client.on(Events.InteractionCreate, (i) => void handler(i));
  client.on(Events.Error, (err) => logger.error('discord client error', errorFields(err)));
  client.on(Events.Warn, (message) => logger.warn('discord client warning', { message }));
  client.rest.on('rateLimited', (info) => {
    metrics.inc('discordRateLimits', { scope: info.global ? 'global' : 'route' });
    logger.info('discord rate limit: waiting', {
      route: info.route,
      retryAfterMs: info.retryAfter,
      global: info.global,
    });
  });
  watchShards(client, logger);

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    // The one place the token is revealed; it is never logged.
    await client.login(config.token.reveal());
  } catch (err) {
    await client.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    // Not a crash: main prints it plainly and exits 2.
    const sharding = shardingProblem(reason);
    throw sharding ? new ConfigError([sharding]) : loginFailure(err, config.apiUrl);
  }
  await ready;
  logger.info('discord ready', {
    user: client.user?.tag,
    guilds: client.guilds.cache.size,
    shards: describeShardPlan(config.shards),
    shardIds: [...client.ws.shards.keys()],
  });

  return {
    sink: new DiscordDigestSink(client, logger, undefined, buttonKeys),
    client,
    status: () => gatewayStatus(client),
    async stop() {
      await client.destroy();
    },
  };
}

/** Discord's gateway close codes 4011 and 4010 are about shards, not the token. */
function shardingProblem(reason: string): string | undefined {
  if (/sharding is required/i.test(reason))
    return 'Discord login failed: the bot is in too many servers for one shard (Discord requires sharding from 2,500). Set DISCORD_SHARD_COUNT=auto, or split the shards across instances with DISCORD_SHARDS and DISCORD_SHARD_COUNT (README: Hosting Paperboy for many servers).';
  if (/invalid shard/i.test(reason))
    return 'Discord login failed: Discord refused the shard ids (Invalid shard). Check DISCORD_SHARDS and DISCORD_SHARD_COUNT: every id must be below the count, and every instance must use the same count.';
  return undefined;
}

function gatewayStatus(client: Client): DiscordStatus {
  const shards = [...client.ws.shards.values()].map((s) => ({
    id: s.id,
    status: Status[s.status] ?? String(s.status),
    pingMs: s.ping,
  }));
  return {
    ready: shards.length > 0 && shards.every((s) => s.status === 'Ready'),
    shardCount: client.options.shardCount ?? shards.length,
    shards,
  };
}

/** A shard that drops resumes by itself; the log says so, so an operator can tell a blip from an outage. */
function watchShards(client: Client, logger: Logger): void {
  client.on(Events.ShardReady, (shard) => logger.info('discord shard ready', { shard }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('discord shard resumed', { shard, replayed }));
  client.on(Events.ShardReconnecting, (shard) => logger.warn('discord shard reconnecting', { shard }));
  client.on(Events.ShardDisconnect, (event, shard) =>
    logger.error('discord shard disconnected for good', { shard, code: event.code }),
  );
}
