import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { MAC_LENGTH, signParts, verifyParts } from '../../src/button-key.js';
import type { PaperCard } from '../../src/reply.js';

/**
 * Save buttons under papers: `sv:<arXiv id>:<mac>`, the mac an HMAC over the paper and
 * the channel the message is in (Discord reports the channel of every click, and a
 * client cannot change it). A custom_id edited to another paper, or copied into another
 * channel, does not verify and saves nothing. Anyone may click: the paper goes on the
 * clicker's own reading list, never the channel's.
 *
 * Room: a message has at most 5 rows of 5 buttons. A page holds at most 10 cards, so
 * its Save buttons take 2 rows (5 each, "Save #n" in list order) beside the one paging
 * row; cards past the first 10 of a reply get none (the `/papers save <id>` command
 * still works for them).
 */
export const SAVE_PREFIX = 'sv:';
export const SAVE_BUTTONS_MAX = 10;
const PER_ROW = 5;
const SAVE_ID = new RegExp(`^sv:(\\d{4}\\.\\d{4,5}):([A-Za-z0-9_-]{${MAC_LENGTH}})$`);

const macParts = (channelId: string, paperId: string) => ['discord-save', channelId, paperId] as const;

export const encodeSaveId = (key: Uint8Array, channelId: string, paperId: string): string =>
  `${SAVE_PREFIX}${paperId}:${signParts(key, macParts(channelId, paperId))}`;

/** The paper a Save button names, or undefined when the id is not one we wrote for this channel. */
export function verifiedSaveId(key: Uint8Array, channelId: string, customId: string): string | undefined {
  const m = SAVE_ID.exec(customId);
  if (!m) return undefined;
  return verifyParts(key, macParts(channelId, m[1]!), m[2]!) ? m[1]! : undefined;
}

const saveLabel = (card: PaperCard): string => (card.rank !== undefined ? `☆ Save #${card.rank}` : '☆ Save');

/** Rows of Save buttons for the cards of one message (at most SAVE_BUTTONS_MAX). */
export function saveRows(
  cards: readonly PaperCard[],
  channelId: string,
  key: Uint8Array,
): APIActionRowComponent<APIButtonComponent>[] {
  const ids = new Set<string>();
  const buttons: APIButtonComponent[] = [];
  for (const card of cards) {
    // A custom_id must be unique within a message; one Save per paper.
    if (ids.has(card.id) || !/^\d{4}\.\d{4,5}$/.test(card.id) || buttons.length >= SAVE_BUTTONS_MAX) continue;
    ids.add(card.id);
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: saveLabel(card),
      custom_id: encodeSaveId(key, channelId, card.id),
    });
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += PER_ROW)
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + PER_ROW) });
  return rows;
}
