import { createHash } from 'node:crypto';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Paging } from '../../src/reply.js';

/**
 * Paging buttons carry their whole query in the custom_id (≤ 100 characters), so they
 * keep working across restarts and need no server state:
 *   pg:<asking user id>:<page>:=<command text>
 * A command text too long for that (long search words) is kept in a bounded in-memory
 * map and referenced by a short hash instead:
 *   pg:<asking user id>:<page>:#<key>
 * Such keys are forgotten on restart or when the map is full; the click then gets a
 * polite "run it again" answer instead of a wrong page.
 */
export const PAGE_PREFIX = 'pg:';
const CUSTOM_ID_MAX = 100;

export interface PageRequest {
  userId: string;
  page: number;
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

export function encodePageId(userId: string, page: number, command: string, memory: PagingMemory): string {
  const direct = `${PAGE_PREFIX}${userId}:${page}:=${command}`;
  if (direct.length <= CUSTOM_ID_MAX) return direct;
  return `${PAGE_PREFIX}${userId}:${page}:#${memory.remember(command)}`;
}

/** undefined when the id is not one of ours (or malformed). */
export function decodePageId(customId: string, memory: PagingMemory): PageRequest | undefined {
  const m = /^pg:(\d{1,25}):(\d{1,6}):([=#])(.*)$/s.exec(customId);
  if (!m) return undefined;
  const [, userId, page, kind, rest] = m;
  return { userId: userId!, page: Number(page), command: kind === '=' ? rest! : memory.recall(rest!) };
}

/** Prev · page k/n · Next; the middle button is a disabled label. */
export function pagingRow(
  paging: Paging,
  userId: string,
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
        custom_id: encodePageId(userId, Math.max(page - 1, 0), command, memory),
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
        custom_id: encodePageId(userId, page + 1, command, memory),
        disabled: page >= pages,
      },
    ],
  };
}
