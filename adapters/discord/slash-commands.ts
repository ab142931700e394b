import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { Command } from '../../src/command.js';
import { CHANNEL_COMMAND, MAIN_COMMAND } from './capabilities.js';

/**
 * The Discord slash commands, generated from the commands' zod schemas (the single
 * source of truth for names, descriptions and bounds).
 *
 * Permissions design: Discord gives ONE default_member_permissions per top-level
 * command, so channel-level settings get their own command. `/papers` is open to
 * everyone, in servers and DMs, and acts for the caller (subscriptions and digests by
 * DM). `/papers-channel` holds the commands that can change what a channel receives,
 * with `here` implied; it is registered with default_member_permissions = Manage
 * Channels and server-only, so Discord hides it from members who may not use it. Server
 * admins can still re-grant it in Integrations settings, so the adapter re-checks the
 * interaction's member permissions at run time regardless.
 */
export { CHANNEL_COMMAND, MAIN_COMMAND } from './capabilities.js';
/** The flag that turns a personal command into a channel-level one. */
export const HERE_FLAG = 'here';

/** Options Discord completes from time zones as the user types (by option name). */
export const TIMEZONE_OPTIONS = new Set(['tz', 'timezone', 'time_zone']);

interface JsonProp {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  flag?: boolean;
  /** textArg's `completes`: what Discord offers as the user types */
  completes?: 'own-topics';
}

const DESCRIPTION_MAX = 100;
const describe = (text: string | undefined, fallback: string): string =>
  (text?.trim() || fallback).slice(0, DESCRIPTION_MAX);

/** Is this command usable for a channel (`here`, or scope 'channel' throughout)? */
export const isChannelCapable = (c: Command): boolean => c.scope === 'channel' || (c.flags ?? []).includes(HERE_FLAG);
/** Does it make sense for a person (everything but always-channel commands)? */
const isPersonalCapable = (c: Command): boolean => c.scope === 'personal' || (c.flags ?? []).includes(HERE_FLAG);

function optionFor(
  command: Command,
  name: string,
  prop: JsonProp,
  required: boolean,
): APIApplicationCommandBasicOption {
  const base = { name, description: describe(prop.description, name), required };
  const isFlag = prop.flag === true || (command.flags ?? []).includes(name);
  if (isFlag) return { ...base, type: ApplicationCommandOptionType.Boolean };
  const types = Array.isArray(prop.type) ? prop.type : [prop.type];
  if (types.includes('integer') || types.includes('number')) {
    const bounds = {
      ...(prop.minimum !== undefined ? { min_value: prop.minimum } : {}),
      ...(prop.maximum !== undefined ? { max_value: prop.maximum } : {}),
    };
    return types.includes('integer')
      ? { ...base, type: ApplicationCommandOptionType.Integer, ...bounds }
      : { ...base, type: ApplicationCommandOptionType.Number, ...bounds };
  }
  if (types.includes('boolean')) return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (prop.enum && prop.enum.length > 0 && prop.enum.length <= 25) {
    return {
      ...base,
      type: ApplicationCommandOptionType.String,
      choices: prop.enum.map((v) => ({ name: String(v), value: String(v) })),
    };
  }
  const autocomplete = TIMEZONE_OPTIONS.has(name) || prop.completes === 'own-topics';
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(prop.minLength !== undefined ? { min_length: Math.max(prop.minLength, 0) } : {}),
    ...(prop.maxLength !== undefined ? { max_length: Math.min(prop.maxLength, 6000) } : {}),
    ...(autocomplete ? { autocomplete: true } : {}),
  };
}

/** One subcommand per Command; `here` is left out (it is implied by which command you use). */
export function subcommandFor(command: Command): APIApplicationCommandSubcommandOption {
  const schema = z.toJSONSchema(command.args, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProp>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const options = Object.entries(schema.properties ?? {})
    .filter(([name]) => name !== HERE_FLAG)
    .map(([name, prop]) => optionFor(command, name, prop, required.has(name)))
    // Discord rejects a required option after an optional one.
    .sort((a, b) => Number(b.required) - Number(a.required))
    .slice(0, 25);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: command.name,
    description: describe(command.summary, command.name),
    options,
  };
}

/** The JSON `npm run register` PUTs, and what tests compare against. */
export function buildSlashCommands(commands: readonly Command[]): RESTPutAPIApplicationCommandsJSONBody {
  const personal = commands.filter(isPersonalCapable).slice(0, 25);
  const channel = commands.filter(isChannelCapable).slice(0, 25);
  const body: RESTPutAPIApplicationCommandsJSONBody = [
    {
      type: ApplicationCommandType.ChatInput,
      name: MAIN_COMMAND,
      description: 'Hugging Face Daily Papers: lists, search, your topics and digests',
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      options: personal.map(subcommandFor),
    },
  ];
  if (channel.length > 0) {
    body.push({
      type: ApplicationCommandType.ChatInput,
      name: CHANNEL_COMMAND,
      description: "Change this channel's topics and daily digest (needs Manage Channels)",
      contexts: [InteractionContextType.Guild],
      default_member_permissions: PermissionFlagsBits.ManageChannels.toString(),
      options: channel.map(subcommandFor),
    });
  }
  return body;
}
