/**
 * The one list of platforms (part of the composition root, like src/main.ts). Adding a
 * platform is a folder under adapters/ that exports a PlatformEntry, and one line here;
 * nothing else in src/ changes. Order matters for digests: where two platforms serve the
 * same places, the one listed first that is running posts them.
 */
import { discordEntry } from '../adapters/discord/platform.js';
import { slackEntry } from '../adapters/slack/platform.js';
import { TERMINAL_NAME } from '../adapters/terminal/capabilities.js';
import { webhookEntry } from '../adapters/webhook/index.js';
import type { Config } from './config.js';
import type { Platform, PlatformEntry } from './platform.js';

export const PLATFORMS: readonly PlatformEntry[] = [
  discordEntry,
  slackEntry,
  // Digests set up at the terminal (`digest on`) go to the webhook when one is configured.
  webhookEntry(TERMINAL_NAME) as PlatformEntry,
];

/** The platforms this configuration turns on, in list order. */
export const configuredPlatforms = (config: Config, entries: readonly PlatformEntry[] = PLATFORMS): Platform[] =>
  entries.flatMap((entry) => entry.create(config.sections[entry.name], config) ?? []);
