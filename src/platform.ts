import type { Bot } from './bot.js';
import type { ButtonKeySource } from './button-key.js';
import type { Caller } from './caller.js';
import type { Command, Services } from './command.js';
import type { Config } from './config.js';
import type { DigestSink } from './digest/sink.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { ComponentReport } from './ops/readiness.js';

/**
 * The seam between the core and a chat platform (or any place digests go). A platform
 * is one folder under adapters/ exporting a PlatformEntry; the composition root keeps the
 * one list of entries (src/platforms.ts). Nothing in the core names a platform: what
 * differs between them is said here, as capabilities.
 */
export interface PlatformCapabilities {
  /** People send it commands (Discord, Slack); false for a platform that only receives digests (a webhook) */
  commands: boolean;
  /** A digest's papers go as replies in a thread under its parent message; false: each is a post of its own */
  threads: boolean;
  /** Paging buttons under a long list */
  buttons: boolean;
  /** A reply's file (a long export) arrives as a real attachment */
  attachments: boolean;
  /** Channel-level forms live in a command of their own (Discord: "/papers-channel"); else `/papers … here` */
  channelCommand?: string;
  /** Who has channel rights there, as a refusal says it ("on Discord, that is the Manage Channels permission") */
  channelRightsNote?: string;
  /** A person is one person across the platform's workspaces and DMs (Discord) */
  usersAcrossWorkspaces?: boolean;
}

/** What a platform gets when it starts: the one way in (bot.handle), the services, and shared keys. */
export interface PlatformContext {
  bot: Bot;
  commands: readonly Command[];
  services: Services;
  logger: Logger;
  /** Signs paging buttons, the same key for every platform (PAPERBOY_SECRET_KEY, else this process's) */
  buttonKeys: ButtonKeySource;
  metrics: Metrics;
}

/** A configured platform, not yet started. Six members on purpose: a narrow interface is one a new platform can fill. */
export interface Platform {
  readonly name: string;
  readonly capabilities: PlatformCapabilities;
  /** Connect; resolves once it takes commands and posts digests. A bad token throws ConfigError. */
  start(ctx: PlatformContext): Promise<void>;
  stop(): Promise<void>;
  /** Where its digests go, once started */
  sink(): DigestSink | undefined;
  /** How it is doing, for /readyz (after start) */
  health(): ComponentReport;
}

/**
 * One entry of the composition root's list. `settings` is a zod schema over the
 * environment that src/config.ts (the only reader of it) applies with every other
 * setting, so a new platform needs no edit there; `create` turns the parsed settings —
 * undefined when the platform is not configured — into a Platform.
 */
export interface PlatformEntry<S = unknown> {
  readonly name: string;
  readonly settings?: ConfigSectionSchema<S>;
  create(settings: S | undefined, config: Config): Platform | undefined;
}

/** A zod-like schema for one platform's environment variables (see src/config.ts `ConfigSection`). */
export interface ConfigSectionSchema<S> {
  safeParse(env: Record<string, string | undefined>): SectionParse<S>;
}
export type SectionParse<S> =
  { success: true; data: S | undefined } | { success: false; error: { issues: readonly { message: string }[] } };

/** The Caller fields a platform's capabilities fix, for its adapter to spread into every Caller it builds. */
export const callerFacts = (
  capabilities: PlatformCapabilities,
): Pick<Caller, 'channelCommand' | 'channelRightsNote' | 'usersAcrossWorkspaces'> => ({
  ...(capabilities.channelCommand ? { channelCommand: capabilities.channelCommand } : {}),
  ...(capabilities.channelRightsNote ? { channelRightsNote: capabilities.channelRightsNote } : {}),
  ...(capabilities.usersAcrossWorkspaces ? { usersAcrossWorkspaces: true } : {}),
});
