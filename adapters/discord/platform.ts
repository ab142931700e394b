import type { Config } from '../../src/config.js';
import { gatewayReport } from '../../src/ops/reports.js';
import type { Platform, PlatformEntry } from '../../src/platform.js';
import { DISCORD_CAPABILITIES, DISCORD_NAME } from './capabilities.js';
import type { RunningDiscord } from './index.js';

type DiscordSettings = NonNullable<Config['discord']>;

/** Discord in the composition root's list: on when DISCORD_TOKEN is set (src/config.ts). */
export const discordEntry: PlatformEntry = {
  name: DISCORD_NAME,
  create: (_settings, config) => (config.discord ? discordPlatform(config.discord) : undefined),
};

export interface DiscordPlatform extends Platform {
  /** The running client and its sink, once started (tests drive the fake through it) */
  running(): RunningDiscord | undefined;
}

/**
 * Discord behind the platform seam. discord.js loads only in `start`, so listing Discord
 * costs a terminal start nothing. `deferAfterMs` is for tests (when to show "thinking…").
 */
export function discordPlatform(settings: DiscordSettings, options: { deferAfterMs?: number } = {}): DiscordPlatform {
  let running: RunningDiscord | undefined;
  return {
    name: DISCORD_NAME,
    capabilities: DISCORD_CAPABILITIES,
    async start(ctx) {
      const { startDiscord } = await import('./index.js');
      running = await startDiscord({ ...ctx, config: settings, ...options });
    },
    async stop() {
      await running?.stop();
    },
    sink: () => running?.sink,
    health: () =>
      running ? gatewayReport(running.status()) : { status: 'starting', detail: 'logging in to the gateway' },
    running: () => running,
  };
}
