import { createHash } from 'node:crypto';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { MAC_LENGTH, signParts, verifyParts } from '../../src/button-key.js';
import type { Paging } from '../../src/reply.js';

/**
 * Paging buttons carry their query in the custom_id (≤ 100 characters), so they keep
 * working across restarts with no server state:
 *   pg:<page>:<mac>:=<command text>
 * A command text too long for that (long search words) is kept in a bounded in-memory
 * map and referenced by a short hash instead:
 *   pg:<page>:<mac>:#<key>
 * The mac is an HMAC over the page, the command text, the person who asked and the
 * interaction that made the message (Discord reports both on every click, in the
 * message's interaction_metadata, and a client cannot change them). So a custom_id
 * copied to another message, edited to another command or page, or clicked by someone
 * else does not verify. Forgotten keys and foreign ids get a polite answer.
 */
export const PAGE_PREFIX = 'pg:';
const CUSTOM_ID_MAX = 100;
const PAGE_ID = new RegExp(`^pg:([1-9][0-9]{0,3}):([A-Za-z0-9_-]{${MAC_LENGTH}}):([=#])(.{1,90})$`, 's');

/** The message a button belongs to: the interaction that created it and who ran that. */
export interface PageBinding {
  interactionId: string;
  userId: string;
}

export interface PageRequest {
  page: number;
  mac: string;
  /** undefined when the state was kept in memory and is gone */
  command: string | undefined;
}

export class PagingMemory {
  readonly #entries = new Map<string, string>();
  constructor(readonly max = 5000) {}

  remember(command: string): string {
    const key = createHash('sha256').update(command).digest('base64url').slice(0, 16);
    this.#entries.delete(key);
    this.#entries.set(key, command);
    // Map keeps insertion order: the first key is the least recently stored.
    while (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    return key;
  }

  recall(key: string): string | undefined {
    return this.#entries.get(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

const macParts = (binding: PageBinding, page: number, command: string) =>
  ['discord-page', binding.interactionId, binding.userId, page, command] as const;

export function encodePageId(
  binding: PageBinding,
  page: number,
  command: string,
  key: Uint8Array,
  memory: PagingMemory,
): string {
  const mac = signParts(key, macParts(binding, page, command));
  const direct = `${PAGE_PREFIX}${page}:${mac}:=${command}`;
  if (direct.length <= CUSTOM_ID_MAX) return direct;
  return `${PAGE_PREFIX}${page}:${mac}:#${memory.remember(command)}`;
}

/** undefined when the id is not one of ours (malformed, old format, out-of-range page). */
export function decodePageId(customId: string, memory: PagingMemory): PageRequest | undefined {
  const m = PAGE_ID.exec(customId);
  if (!m) return undefined;
  const [, page, mac, kind, rest] = m;
  return { page: Number(page), mac: mac!, command: kind === '=' ? rest! : memory.recall(rest!) };
}

/** Does this request belong to this message, as it was written? */
export const verifyPageRequest = (
  request: PageRequest & { command: string },
  binding: PageBinding,
  key: Uint8Array,
): boolean => verifyParts(key, macParts(binding, request.page, request.command), request.mac);

/** Prev · page k/n · Next; the middle button is a disabled label. */
export function pagingRow(
  paging: Paging,
  binding: PageBinding,
  key: Uint8Array,
  memory: PagingMemory,
): APIActionRowComponent<APIButtonComponent> {
  const { page, pages, command } = paging;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: '◀ Prev',
        // A disabled Prev on page 1 still needs a valid, distinct id: it names page 1.
        custom_id: encodePageId(binding, Math.max(page - 1, 1), command, key, memory),
        disabled: page <= 1,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: `${page} / ${pages}`,
        custom_id: `${PAGE_PREFIX}label`,
        disabled: true,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Next ▶',
        custom_id: encodePageId(binding, page + 1, command, key, memory),
        disabled: page >= pages,
      },
    ],
  };
}
