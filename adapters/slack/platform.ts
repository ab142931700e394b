import type { Config } from '../../src/config.js';
import type { Platform, PlatformEntry } from '../../src/platform.js';
import { storeReplayGuard } from '../../src/replay-guard.js';
import { SLACK_CAPABILITIES, SLACK_NAME } from './capabilities.js';
import type { SlackAdapter, SlackDeps } from './index.js';

type SlackSettings = NonNullable<Config['slack']>;

const MODE_DETAIL = { http: 'HTTP receiver', socket: 'Socket Mode', oauth: 'HTTP receiver, OAuth installs' } as const;

/** Slack in the composition root's list: on when SLACK_BOT_TOKEN is set (src/config.ts). */
export const slackEntry: PlatformEntry = {
  name: SLACK_NAME,
  create: (_settings, config) =>
    config.slack ? slackPlatform(config.slack, { sharedStore: config.database !== undefined }) : undefined,
};

export interface SlackPlatform extends Platform {
  /** The running App (and its HTTP server), once started */
  running(): SlackAdapter | undefined;
}

/**
 * Slack behind the platform seam; Bolt loads only in `start`. With a shared store
 * (several instances on PostgreSQL) a replayed request may reach any instance, so the
 * store decides what was seen. `deps` are for tests (loopback host, no retries).
 */
export function slackPlatform(
  settings: SlackSettings,
  options: { sharedStore?: boolean; deps?: Partial<SlackDeps> } = {},
): SlackPlatform {
  let running: SlackAdapter | undefined;
  return {
    name: SLACK_NAME,
    capabilities: SLACK_CAPABILITIES,
    async start(ctx) {
      const { startSlack } = await import('./index.js');
      running = await startSlack({
        ...ctx,
        config: settings,
        ...(options.sharedStore ? { replays: storeReplayGuard(ctx.services.store.once, ctx.services.now) } : {}),
        ...options.deps,
      });
    },
    async stop() {
      await running?.stop();
    },
    sink: () => running?.sink,
    health: () => (running ? { status: 'up', detail: MODE_DETAIL[running.mode] } : { status: 'starting' }),
    running: () => running,
  };
}
