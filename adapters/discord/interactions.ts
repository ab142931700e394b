import {
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
} from 'discord.js';
import type { Bot } from '../../src/bot.js';
import type { ButtonKeySource } from '../../src/button-key.js';
import { callerTarget, type Caller } from '../../src/caller.js';
import type { Command, RawArgs } from '../../src/command.js';
import { errorFields, type Logger } from '../../src/logger.js';
import { pageCommandText } from '../../src/paging.js';
import { errorReply, type Reply } from '../../src/reply.js';
import type { SubscriptionStore } from '../../src/store/store.js';
import { decodePageId, pagingRow, verifyPageRequest, type PageBinding, type PagingMemory } from './paging.js';
import { renderReply, type OutgoingMessage } from './render.js';
import { SAVE_PREFIX, saveRows, verifiedSaveId } from './save-button.js';
import { AUTOCOMPLETE, CHANNEL_COMMAND, HERE_FLAG, MAIN_COMMAND } from './slash-commands.js';

/**
 * Discord interactions → bot.handle → messages. Translation only: what to answer is
 * the core's business; how and when (reply vs defer, ephemeral, splitting, buttons) is
 * Discord's and lives here.
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

const NO_PINGS = { parse: [] as [] };
/** Commands whose answer is personal, so a deferred reply should start ephemeral. */
const PRIVATE_BY_NATURE = new Set([
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'digest',
  'preview',
  'help',
  'cite',
  'save',
  'saved',
  'unsave',
]);

/** The reply's attachment as discord.js uploads it (multipart, files[0]). */
const filesOf = (m: OutgoingMessage) =>
  m.files?.length ? { files: m.files.map((f) => ({ attachment: f.data, name: f.name })) } : {};

export function callerOf(
  i: ChatInputCommandInteraction | MessageComponentInteraction | AutocompleteInteraction,
): Caller {
  const inGuild = i.inGuild();
  return {
    platform: 'discord',
    userId: i.user.id,
    workspaceId: i.guildId ?? '',
    channelId: i.channelId ?? '',
    isDirectMessage: !inGuild,
    // Re-checked on every interaction: registration defaults can be overridden by admins.
    canManageChannel: inGuild && (i.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false),
    channelCommand: `/${CHANNEL_COMMAND}`,
  };
}

export function createInteractionHandler(deps: InteractionDeps): (i: Interaction) => Promise<void> {
  const byName = new Map(deps.commands.map((c) => [c.name, c]));

  const payload = (
    m: OutgoingMessage,
    ephemeral: boolean,
    extra: Partial<InteractionReplyOptions> = {},
  ): InteractionReplyOptions => ({
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: m.embeds,
    ...filesOf(m),
    allowedMentions: NO_PINGS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...extra,
  });

  /**
   * Buttons for a reply: paging (bound to the message's own interaction and asker) in
   * the first row, then a Save button per card (bound to the channel), at most 3 rows.
   */
  const componentsFor = async (reply: Reply, binding: PageBinding, channelId: string) => {
    const key = await deps.buttonKeys.buttonKey();
    return [
      ...(reply.paging && reply.paging.pages > 1 ? [pagingRow(reply.paging, binding, key, deps.paging)] : []),
      ...(reply.error ? [] : saveRows(reply.cards ?? [], channelId, key)),
    ];
  };

  /** A reply nobody waited for: straight answer, no defer. Paging buttons only on a command's own reply. */
  async function replyNow(i: ChatInputCommandInteraction | MessageComponentInteraction, reply: Reply): Promise<void> {
    const ephemeral = reply.visibility === 'private';
    const [first, ...rest] = renderReply(reply);
    const components = i.isChatInputCommand() ? await componentsFor(reply, bindingOf(i), i.channelId) : [];
    await i.reply(payload(first!, ephemeral, { components }));
    for (const m of rest) await i.followUp(payload(m, ephemeral));
  }

  /** Run the command; answer directly when quick, else defer and edit. */
  async function answer(i: ChatInputCommandInteraction, run: () => Promise<Reply>, command: Command): Promise<void> {
    const pending = run();
    const quick = await Promise.race([pending, sleep(deps.deferAfterMs).then(() => undefined)]);
    if (quick) return replyNow(i, quick);
    const deferredEphemeral = PRIVATE_BY_NATURE.has(command.name);
    await i.deferReply(deferredEphemeral ? { flags: MessageFlags.Ephemeral } : {});
    const reply = await pending;
    const ephemeral = reply.visibility === 'private';
    const [first, ...rest] = renderReply(reply);
    const components = await componentsFor(reply, bindingOf(i), i.channelId);
    if (ephemeral && !deferredEphemeral) {
      // A public "thinking…" cannot become private: replace it with a private follow-up.
      await i.deleteReply();
      await i.followUp(payload(first!, true, { components }));
    } else {
      // Private-deferred but public answer: it stays visible to the caller only (safe side).
      await i.editReply({
        content: first!.content ?? '',
        embeds: first!.embeds,
        components,
        ...filesOf(first!),
        allowedMentions: NO_PINGS,
      });
    }
    for (const m of rest) await i.followUp(payload(m, ephemeral || deferredEphemeral));
  }

  async function onChatInput(i: ChatInputCommandInteraction): Promise<void> {
    if (i.commandName !== MAIN_COMMAND && i.commandName !== CHANNEL_COMMAND) return;
    const caller = callerOf(i);
    const name = i.options.getSubcommand(false) ?? 'help';
    const command = byName.get(name);
    const args: RawArgs = {};
    for (const o of i.options.data[0]?.options ?? []) {
      if (o.value !== undefined && o.value !== null) args[o.name] = String(o.value);
    }
    if (i.commandName === CHANNEL_COMMAND && command?.flags?.includes(HERE_FLAG)) args[HERE_FLAG] = 'true';
    const forChannel = i.commandName === CHANNEL_COMMAND || args[HERE_FLAG] === 'true';
    if (forChannel && (caller.isDirectMessage || !caller.canManageChannel)) {
      return replyNow(i, denied(caller));
    }
    if (!command) {
      // An outdated registration (a command renamed or removed): the core explains.
      return replyNow(i, await deps.bot.handle({ caller, text: name }));
    }
    await answer(i, () => deps.bot.handle({ caller, name, args }), command);
  }

  /**
   * A paging click. Every other outcome (a foreign or tampered id, a page out of range,
   * a state that does not verify for this message, a command that is not a list) gets
   * a polite private answer: Discord shows "interaction failed" to anyone left unanswered.
   */
  async function onButton(i: MessageComponentInteraction): Promise<void> {
    if (i.customId.startsWith(SAVE_PREFIX)) return onSave(i);
    const request = i.isButton() ? decodePageId(i.customId, deps.paging) : undefined;
    if (!request) return replyNow(i, STALE_BUTTON);
    const metadata = i.message.interactionMetadata;
    if (!metadata) return replyNow(i, STALE_BUTTON);
    const binding: PageBinding = { interactionId: metadata.id, userId: metadata.user.id };
    const { command, page } = request;
    if (command === undefined) return replyNow(i, EXPIRED_LIST);
    const key = await deps.buttonKeys.buttonKey();
    if (!verifyPageRequest({ ...request, command }, binding, key)) return replyNow(i, STALE_BUTTON);
    if (binding.userId !== i.user.id) return replyNow(i, NOT_YOURS);
    const text = pageCommandText(deps.commands, command, page);
    if (!text) return replyNow(i, STALE_BUTTON);
    const caller = callerOf(i);
    await i.deferUpdate();
    const reply = await deps.bot.handle({ caller, text });
    if (reply.error) {
      await i.followUp(payload(renderReply(reply)[0]!, true));
      return;
    }
    const [first, ...rest] = renderReply(reply);
    await i.editReply({
      content: first!.content ?? '',
      embeds: first!.embeds,
      components: await componentsFor(reply, binding, i.channelId),
      allowedMentions: NO_PINGS,
    });
    const ephemeral = i.message.flags.has(MessageFlags.Ephemeral);
    for (const m of rest) await i.followUp(payload(m, ephemeral));
  }

  /**
   * A Save click: the paper goes on the clicker's own reading list (never the channel's,
   * whoever posted the message), answered privately. A forged or foreign id saves nothing.
   */
  async function onSave(i: MessageComponentInteraction): Promise<void> {
    const paperId = verifiedSaveId(await deps.buttonKeys.buttonKey(), i.channelId, i.customId);
    if (!paperId) return replyNow(i, STALE_SAVE);
    // Saving may ask Hugging Face for the paper: answer within Discord's 3 s, privately.
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const reply = await deps.bot.handle({ caller: callerOf(i), name: 'save', args: { id: paperId } });
    const [first] = renderReply(reply);
    await i.editReply({ content: first!.content ?? '', embeds: first!.embeds, allowedMentions: NO_PINGS });
  }

  const isTopicOption = (sub: string | null, option: string): boolean =>
    sub !== null && AUTOCOMPLETE.topicCommands.has(sub) && byName.get(sub)?.positional === option;

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const typed = String(focused.value).toLowerCase();
    let values: string[] = [];
    if (AUTOCOMPLETE.timezone.has(focused.name)) {
      values = Intl.supportedValuesOf('timeZone').filter((z) => z.toLowerCase().includes(typed));
    } else if (isTopicOption(i.options.getSubcommand(false), focused.name)) {
      const caller = callerOf(i);
      const here = i.commandName === CHANNEL_COMMAND;
      // A channel's topics are shown only to those who may change them.
      if (here && !caller.canManageChannel) values = [];
      else {
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
  }

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

/** The message a command's buttons are bound to: this interaction, by this person. */
const bindingOf = (i: ChatInputCommandInteraction): PageBinding => ({ interactionId: i.id, userId: i.user.id });

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

function denied(caller: Caller): Reply {
  return errorReply(
    'forbidden',
    caller.isDirectMessage
      ? 'Channel settings only work in a server channel. Here in DMs, use /papers subscribe or /papers digest for yourself.'
      : 'Changing what this channel receives needs the Manage Channels permission. You can still use /papers subscribe or /papers digest to get papers by DM.',
  );
}

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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());
