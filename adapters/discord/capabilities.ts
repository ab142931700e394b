import type { PlatformCapabilities } from '../../src/platform.js';

/**
 * What Discord can do, as the core needs to know it. Kept free of discord.js so the
 * composition root can list Discord without loading its SDK (terminal starts stay small).
 */
export const DISCORD_NAME = 'discord';
export const MAIN_COMMAND = 'papers';
export const CHANNEL_COMMAND = 'papers-channel';

export const DISCORD_CAPABILITIES: PlatformCapabilities = {
  commands: true,
  threads: true,
  buttons: true,
  attachments: true,
  channelCommand: `/${CHANNEL_COMMAND}`,
  channelRightsNote: 'on Discord, that is the Manage Channels permission',
  // A Discord user id is one person in every server and in the DM with the bot.
  usersAcrossWorkspaces: true,
};
