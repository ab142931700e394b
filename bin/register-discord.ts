#!/usr/bin/env node
/**
 * `npm run register`: registers the /papers slash commands with Discord (to one server
 * when DISCORD_GUILD_ID is set, instantly; otherwise globally). Run it once after
 * setup and again whenever commands change.
 */
import { commands } from '../commands/index.js';
import { registerCommands } from '../adapters/discord/register.js';
import { ConfigError, loadConfig } from '../src/config.js';

try {
  const config = loadConfig();
  if (!config.discord)
    throw new ConfigError([
      'DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot → Reset Token)',
    ]);
  const done = await registerCommands(config.discord, commands);
  const where =
    done.scope === 'guild'
      ? `to server ${config.discord.guildId} (visible now)`
      : 'globally (may take a while to appear everywhere)';
  process.stdout.write(`Registered /${done.names.join(', /')} with ${done.subcommands} subcommands ${where}.\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof ConfigError ? 2 : 1;
}
