import type { App, RespondFn, types, webApi } from '@slack/bolt';
import type { ButtonKeySource } from '../../src/button-key.js';
import { errorFields, type Logger } from '../../src/logger.js';
import { MAC_LENGTH, signParts, verifyParts } from '../../src/button-key.js';
import type { PaperCard } from '../../src/reply.js';

/**
 * Save buttons under papers. The value is `<arXiv id>:<mac>`, the mac an HMAC over the
 * paper and the workspace and channel the message is in (Slack reports both on every
 * click, inside a request it signs). A value edited to another paper, or carried into
 * another channel, does not verify and saves nothing. Anyone may click: the paper goes
 * on the clicker's own reading list, never the channel's.
 *
 * Room: one actions block per message holds the Save buttons ("Save #n" in list order),
 * at most SAVE_BUTTONS_MAX (one page of cards; Slack allows 25 elements in a block), so a
 * list costs one block of its 50 — the cards' own blocks stay as they were.
 */
export const SAVE_ACTION_PREFIX = 'paperboy_save_';
export const SAVE_BUTTONS_MAX = 10;
const SAVE_VALUE = new RegExp(`^(\\d{4}\\.\\d{4,5}):([A-Za-z0-9_-]{${MAC_LENGTH}})$`);

export interface SaveBinding {
  teamId: string;
  channelId: string;
}

/** Signs a paper's Save button for the message it goes into. */
export type SaveSeal = (paperId: string) => string;

const macParts = (b: SaveBinding, paperId: string) => ['slack-save', b.teamId, b.channelId, paperId] as const;

export const saveSealFor =
  (key: Uint8Array, binding: SaveBinding): SaveSeal =>
  (paperId) =>
    `${paperId}:${signParts(key, macParts(binding, paperId))}`;

/** The paper a Save value names, or undefined when it is not one we sealed for this channel. */
export function verifiedSaveValue(
  key: Uint8Array,
  binding: SaveBinding,
  value: string | undefined,
): string | undefined {
  const m = SAVE_VALUE.exec(value ?? '');
  if (!m) return undefined;
  return verifyParts(key, macParts(binding, m[1]!), m[2]!) ? m[1]! : undefined;
}

/** One actions block of Save buttons for `cards`; none when there is nothing to save. */
export function saveBlocks(cards: readonly PaperCard[], seal: SaveSeal | undefined): types.KnownBlock[] {
  if (!seal) return [];
  const seen = new Set<string>();
  const elements: types.Button[] = [];
  for (const card of cards) {
    if (seen.has(card.id) || !/^\d{4}\.\d{4,5}$/.test(card.id) || elements.length >= SAVE_BUTTONS_MAX) continue;
    seen.add(card.id);
    elements.push({
      type: 'button',
      // action_ids must differ within a block.
      action_id: `${SAVE_ACTION_PREFIX}${elements.length + 1}`,
      text: { type: 'plain_text', text: card.rank !== undefined ? `☆ Save #${card.rank}` : '☆ Save', emoji: true },
      value: seal(card.id),
    });
  }
  return elements.length ? [{ type: 'actions', block_id: 'paperboy_save', elements }] : [];
}

/** Who clicked where, as the adapter builds a Caller from it. */
export interface SaveClick {
  teamId: string;
  userId: string;
  channelId: string;
  channelName?: string;
}

/**
 * Save clicks: verified, then run as `save <id>` for the person who clicked (their own
 * list), answered ephemerally through the adapter's `save`. Anything that does not
 * verify gets a polite ephemeral note and saves nothing.
 */
export function registerSaveAction(
  app: App,
  deps: {
    buttonKeys: ButtonKeySource;
    logger: Logger;
    /** `client` carries the token of the workspace the click came from */
    save(click: SaveClick, paperId: string, respond: RespondFn, client: webApi.WebClient): Promise<void>;
  },
): void {
  app.action(
    { type: 'block_actions', action_id: new RegExp(`^${SAVE_ACTION_PREFIX}`) },
    async ({ ack, body, action, respond, client }) => {
      await ack();
      try {
        const click: SaveClick = {
          teamId: body.team?.id ?? body.user.team_id ?? '',
          userId: body.user.id,
          channelId: body.channel?.id ?? body.container?.channel_id ?? '',
          ...(body.channel?.name ? { channelName: body.channel.name } : {}),
        };
        const value = action.type === 'button' ? action.value : undefined;
        const paperId = verifiedSaveValue(await deps.buttonKeys.buttonKey(), click, value);
        if (!paperId) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: "This Save button doesn't work any more (it is from an older message, or it was changed), so nothing was saved. Save the paper with `/papers save <id>` instead.",
          });
          return;
        }
        await deps.save(click, paperId, respond, client);
      } catch (err) {
        deps.logger.error('slack save button failed', errorFields(err));
      }
    },
  );
}
