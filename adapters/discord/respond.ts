import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
} from 'discord.js';
import type { ButtonKeySource } from '../../src/button-key.js';
import type { Command } from '../../src/command.js';
import type { Reply } from '../../src/reply.js';
import { sleep } from '../../src/sleep.js';
import { pagingRow, type PageBinding, type PagingMemory } from './paging.js';
import { saveRows } from './save-button.js';
import { renderReply, type OutgoingMessage } from './render.js';

/**
 * How Paperboy answers an interaction: directly when the core is quick, else deferred
 * ("thinking…") and edited in; private answers ephemeral; paging buttons bound to the
 * message's own interaction and asker; every message without pings.
 */
export const NO_PINGS = { parse: [] as [] };

/** The reply's attachment as discord.js uploads it (multipart, files[0]). */
export const filesOf = (m: OutgoingMessage) =>
  m.files?.length ? { files: m.files.map((f) => ({ attachment: f.data, name: f.name })) } : {};

export function payload(
  m: OutgoingMessage,
  ephemeral: boolean,
  extra: Partial<InteractionReplyOptions> = {},
): InteractionReplyOptions {
  return {
    ...(m.content !== undefined ? { content: m.content } : {}),
    embeds: m.embeds,
    ...filesOf(m),
    allowedMentions: NO_PINGS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...extra,
  };
}

/** The message a command's buttons are bound to: this interaction, by this person. */
export const bindingOf = (i: ChatInputCommandInteraction): PageBinding => ({
  interactionId: i.id,
  userId: i.user.id,
});

export interface Responder {
  /** A reply nobody waited for: straight answer, no defer. Paging buttons only on a command's own reply. */
  now(i: ChatInputCommandInteraction | MessageComponentInteraction, reply: Reply): Promise<void>;
  /** Run the command; answer directly when quick, else defer (privately for private commands) and edit. */
  answer(i: ChatInputCommandInteraction, run: () => Promise<Reply>, command: Command): Promise<void>;
  /** Paging buttons bound to `binding` (the message's interaction and asker), then Save buttons bound to the channel. */
  componentsFor(reply: Reply, binding: PageBinding, channelId: string): Promise<ReturnType<typeof pagingRow>[]>;
}

export function createResponder(deps: {
  buttonKeys: ButtonKeySource;
  paging: PagingMemory;
  deferAfterMs: number;
}): Responder {
  const componentsFor = async (reply: Reply, binding: PageBinding, channelId: string) => {
    const key = await deps.buttonKeys.buttonKey();
    return [
      ...(reply.paging && reply.paging.pages > 1 ? [pagingRow(reply.paging, binding, key, deps.paging)] : []),
      ...(reply.error ? [] : saveRows(reply.cards ?? [], channelId, key)),
    ];
  };

  async function now(i: ChatInputCommandInteraction | MessageComponentInteraction, reply: Reply): Promise<void> {
    const ephemeral = reply.visibility === 'private';
    const [first, ...rest] = renderReply(reply);
    const components = i.isChatInputCommand() ? await componentsFor(reply, bindingOf(i), i.channelId) : [];
    await i.reply(payload(first!, ephemeral, { components }));
    for (const m of rest) await i.followUp(payload(m, ephemeral));
  }

  async function answer(i: ChatInputCommandInteraction, run: () => Promise<Reply>, command: Command): Promise<void> {
    const pending = run();
    const quick = await Promise.race([pending, sleep(deps.deferAfterMs, { unref: true }).then(() => undefined)]);
    if (quick) return now(i, quick);
    // The command's definition says whether its answer is personal (src/command.ts `answers`).
    const deferredEphemeral = command.answers === 'private';
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

  return { now, answer, componentsFor };
}
