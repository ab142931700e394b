import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
} from 'discord.js';
import type { z } from 'zod';
import type { Bot } from '../../src/bot.js';
import type { ButtonKeySource } from '../../src/button-key.js';
import { callerTarget, type Caller } from '../../src/caller.js';
import { channelRightsFor, type Command, type RawArgs } from '../../src/command.js';
import { errorFields, type Logger } from '../../src/logger.js';
import { pageCommandText } from '../../src/paging.js';
import { callerFacts } from '../../src/platform.js';
import { errorReply, type Reply } from '../../src/reply.js';
import type { SubscriptionStore } from '../../src/store/store.js';
import { CHANNEL_COMMAND, DISCORD_CAPABILITIES, DISCORD_NAME, MAIN_COMMAND } from './capabilities.js';
import { decodePageId, verifyPageRequest, type PageBinding, type PagingMemory } from './paging.js';
import { renderReply } from './render.js';
import { createResponder, NO_PINGS, payload, type Responder } from './respond.js';
import { SAVE_PREFIX, verifiedSaveId } from './save-button.js';
import { HERE_FLAG, TIMEZONE_OPTIONS } from './slash-commands.js';

/**
 * Discord interactions → bot.handle → messages. Translation only: what to answer, and
 * who may change a channel, is the core's business (src/bot.ts); how and when (reply vs
 * defer, ephemeral, splitting, buttons) is Discord's and lives here and in respond.ts.
 */
export interface InteractionDeps {
  bot: Bot;
  commands: readonly Command[];
  subscriptions: SubscriptionStore;
  logger: Logger;
  paging: PagingMemory;
  /** Signs the paging buttons' state (PAPERBOY_SECRET_KEY, or a key for this process) */
  buttonKeys: ButtonKeySource;
  /**
   * Answer directly if the core replies within this many ms, otherwise defer first.
   * Discord's deadline is 3 s from creation; deferring early keeps a slow Hugging Face
   * far from it while a warm cache still gets a single, direct reply.
   */
  deferAfterMs: number;
}

export function callerOf(
  i: ChatInputCommandInteraction | MessageComponentInteraction | AutocompleteInteraction,
): Caller {
  const inGuild = i.inGuild();
  return {
    platform: DISCORD_NAME,
    userId: i.user.id,
    workspaceId: i.guildId ?? '',
    channelId: i.channelId ?? '',
    isDirectMessage: !inGuild,
    // Re-checked on every interaction: registration defaults can be overridden by admins.
    canManageChannel: inGuild && (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
    ...callerFacts(DISCORD_CAPABILITIES),
  };
}

/** The first command of each name, as the core's findCommand picks it. */
function commandsByName(commands: readonly Command[]): Map<string, Command> {
  const byName = new Map<string, Command>();
  for (const c of commands) if (!byName.has(c.name)) byName.set(c.name, c);
  return byName;
}

export function createInteractionHandler(deps: InteractionDeps): (i: Interaction) => Promise<void> {
  const byName = commandsByName(deps.commands);
  const respond = createResponder(deps);
  const onChatInput = chatInputHandler(deps, byName, respond);
  const onSave = saveHandler(deps, respond);
  const onButton = buttonHandler(deps, respond, onSave);
  const onAutocomplete = autocompleteHandler(deps, byName);
  return async (i: Interaction): Promise<void> => {
    try {
      if (i.isChatInputCommand()) await onChatInput(i);
      else if (i.isMessageComponent()) await onButton(i);
      else if (i.isAutocomplete()) await onAutocomplete(i);
    } catch (err) {
      deps.logger.error('discord interaction failed', { interactionId: i.id, type: i.type, ...errorFields(err) });
      await apologise(i, deps.logger);
    }
  };
}

/**
 * A slash command: its options become the command's arguments, `/papers-channel` means
 * `here`. The channel-rights rule is the core's; only a channel command typed in a DM
 * (Discord registers it server-only, so it comes from a stale client) is answered here.
 */
function chatInputHandler(deps: InteractionDeps, byName: Map<string, Command>, respond: Responder) {
  return async (i: ChatInputCommandInteraction): Promise<void> => {
    if (i.commandName !== MAIN_COMMAND && i.commandName !== CHANNEL_COMMAND) return;
    const caller = callerOf(i);
    const name = i.options.getSubcommand(false) ?? 'help';
    const command = byName.get(name);
    const args: RawArgs = {};
    for (const o of i.options.data[0]?.options ?? []) {
      if (o.value !== undefined && o.value !== null) args[o.name] = String(o.value);
    }
    if (i.commandName === CHANNEL_COMMAND) {
      if (caller.isDirectMessage) return respond.now(i, CHANNEL_COMMAND_IN_DM);
      if (command?.flags?.includes(HERE_FLAG)) args[HERE_FLAG] = 'true';
    }
    if (!command) {
      // An outdated registration (a command renamed or removed): the core explains.
      return respond.now(i, await deps.bot.handle({ caller, text: name }));
    }
    await respond.answer(i, () => deps.bot.handle({ caller, name, args }), command);
  };
}

/**
 * A paging click. Every other outcome (a foreign or tampered id, a page out of range,
 * a state that does not verify for this message, a command that is not a list) gets
 * a polite private answer: Discord shows "interaction failed" to anyone left unanswered.
 */
function buttonHandler(
  deps: InteractionDeps,
  respond: Responder,
  onSave: (i: MessageComponentInteraction) => Promise<void>,
) {
  return async (i: MessageComponentInteraction): Promise<void> => {
    if (i.customId.startsWith(SAVE_PREFIX)) return onSave(i);
    const request = i.isButton() ? decodePageId(i.customId, deps.paging) : undefined;
    if (!request) return respond.now(i, STALE_BUTTON);
    const metadata = i.message.interactionMetadata;
    if (!metadata) return respond.now(i, STALE_BUTTON);
    const binding: PageBinding = { interactionId: metadata.id, userId: metadata.user.id };
    const { command, page } = request;
    if (command === undefined) return respond.now(i, EXPIRED_LIST);
    const key = await deps.buttonKeys.buttonKey();
    if (!verifyPageRequest({ ...request, command }, binding, key)) return respond.now(i, STALE_BUTTON);
    if (binding.userId !== i.user.id) return respond.now(i, NOT_YOURS);
    const text = pageCommandText(deps.commands, command, page);
    if (!text) return respond.now(i, STALE_BUTTON);
    await i.deferUpdate();
    const reply = await deps.bot.handle({ caller: callerOf(i), text });
    if (reply.error) {
      await i.followUp(payload(renderReply(reply)[0]!, true));
      return;
    }
    const [first, ...rest] = renderReply(reply);
    await i.editReply({
      content: first!.content ?? '',
      embeds: first!.embeds,
      components: await respond.componentsFor(reply, binding, i.channelId),
      allowedMentions: NO_PINGS,
    });
    const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
    for (const m of rest) await i.followUp(payload(m, ephemeral));
  };
}

/**
 * A Save click: the paper goes on the clicker's own reading list (never the channel's,
 * whoever posted the message), answered privately. A forged or foreign id saves nothing.
 */
function saveHandler(deps: InteractionDeps, respond: Responder) {
  return async (i: MessageComponentInteraction): Promise<void> => {
    const paperId = verifiedSaveId(await deps.buttonKeys.buttonKey(), i.channelId, i.customId);
    if (!paperId) return respond.now(i, STALE_SAVE);
    // Saving may ask Hugging Face for the paper: answer within Discord's 3 s, privately.
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await deps.bot.handle({ caller: callerOf(i), name: 'save', args: { id: paperId } });
    const [first] = renderReply(reply);
    await i.editReply({ content: first!.content ?? '', embeds: first!.embeds, allowedMentions: NO_PINGS });
  };
}

/** Does this option complete from the caller's topics (textArg `completes: 'own-topics'`)? */
const completesTopics = (command: Command | undefined, option: string): boolean => {
  const schema = command?.args.shape[option] as z.ZodType | undefined;
  return (schema?.meta() as { completes?: string } | undefined)?.completes === 'own-topics';
};

/** Time zones from Intl; topics from the caller's (or, for those who may change it, the channel's) list. */
function autocompleteHandler(deps: InteractionDeps, byName: Map<string, Command>) {
  return async (i: AutocompleteInteraction): Promise<void> => {
    const focused = i.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    const command = byName.get(i.options.getSubcommand(false) ?? '');
    let values: string[] = [];
    if (TIMEZONE_OPTIONS.has(focused.name)) {
      values = Intl.supportedValuesOf('timeZone').filter((z) => z.toLowerCase().includes(typed));
    } else if (command && completesTopics(command, focused.name)) {
      const caller = callerOf(i);
      const here = i.commandName === CHANNEL_COMMAND;
      // A channel's topics are shown only to those the command would let change them.
      const refused = here && channelRightsFor(command, { here: true }) === 'required' && !caller.canManageChannel;
      if (!refused) {
        const subs = await deps.subscriptions.list(callerTarget(caller, here));
        values = subs.map((s) => s.topic).filter((t) => t.toLowerCase().includes(typed));
      }
    }
    // Discord allows 25 choices, names and values 1–100 characters.
    const choices = values
      .filter((v) => v.length <= 100)
      .slice(0, 25)
      .map((v) => ({ name: v, value: v }));
    await i.respond(choices);
  };
}

const STALE_BUTTON: Reply = errorReply(
  'expired',
  "This button doesn't work any more (it is from an older message, or it was changed). Run the command again to page through the list.",
);
const STALE_SAVE: Reply = errorReply(
  'expired',
  "This Save button doesn't work any more (it is from an older message, or it was changed), so nothing was saved. Save the paper with `/papers save <id>` instead.",
);
const EXPIRED_LIST: Reply = errorReply(
  'expired',
  'This list has expired (Paperboy restarted or it is too old). Run the command again to page through it.',
);
const NOT_YOURS: Reply = {
  title: 'These pages belong to someone else',
  lines: ['Only the person who asked can turn these pages. Run the command yourself to get your own copy.'],
  visibility: 'private',
};
const CHANNEL_COMMAND_IN_DM: Reply = errorReply(
  'forbidden',
  `Channel settings only work in a server channel. Here in DMs, use /${MAIN_COMMAND} subscribe or /${MAIN_COMMAND} digest for yourself.`,
);

/** Last resort after a bug or a failed send: tell the person, privately, if Discord still lets us. */
async function apologise(i: Interaction, logger: Logger): Promise<void> {
  if (!i.isRepliable()) return;
  const message = {
    content: 'Something went wrong on our side and it has been logged. Please try again in a minute.',
    allowedMentions: NO_PINGS,
    flags: MessageFlags.Ephemeral as const,
  };
  try {
    if (i.deferred || i.replied) await i.followUp(message);
    else await i.reply(message);
  } catch (err) {
    logger.warn('could not tell the user about a failed interaction', errorFields(err));
  }
}
