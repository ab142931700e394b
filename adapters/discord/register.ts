import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { Command } from '../../src/command.js';
import type { Config } from '../../src/config.js';
import { buildSlashCommands } from './slash-commands.js';

/**
 * `npm run register`: PUT the slash commands. With DISCORD_GUILD_ID they go to that one
 * server and show up at once (for development); without it they are global, which
 * Discord may take a while to show everywhere. A PUT replaces the whole set, so removed
 * commands disappear too.
 */
export interface Registered {
  scope: 'guild' | 'global';
  names: string[];
  subcommands: number;
}

export async function registerCommands(
  config: NonNullable<Config['discord']>,
  commands: readonly Command[],
): Promise<Registered> {
  if (!config.appId)
    throw new Error(
      'DISCORD_APP_ID is not set: copy the Application ID from the Developer Portal (General Information).',
    );
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token.reveal());
  const body = buildSlashCommands(commands);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.appId, config.guildId)
    : Routes.applicationCommands(config.appId);
  try {
    await rest.put(route, { body });
  } catch (err) {
    throw new Error(explain(err), { cause: err });
  }
  return {
    scope: config.guildId ? 'guild' : 'global',
    names: body.map((c) => c.name),
    subcommands: body.reduce((n, c) => n + ('options' in c ? (c.options?.length ?? 0) : 0), 0),
  };
}

function explain(err: unknown): string {
  if (err instanceof DiscordAPIError) {
    if (err.status === 401)
      return 'Discord refused the token (401): check DISCORD_TOKEN (Developer Portal → Bot → Reset Token).';
    if (err.status === 403 || err.code === 50001)
      return 'Discord refused access (403): is the bot in the server DISCORD_GUILD_ID names, invited with the applications.commands scope?';
    if (err.status === 404)
      return 'Discord does not know this application or server (404): check DISCORD_APP_ID and DISCORD_GUILD_ID.';
    return `Discord rejected the commands (${err.status} ${err.code}): ${err.message}`;
  }
  return `Could not reach Discord: ${err instanceof Error ? err.message : String(err)}`;
}
