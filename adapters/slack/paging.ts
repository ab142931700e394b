import { z } from 'zod';
import { MAC_LENGTH, signParts, verifyParts } from '../../src/button-key.js';

/**
 * The state a paging button carries in its `value`: the command text to re-run, the
 * page to show, the id of the person who asked (only they may page), and a mac — an
 * HMAC over all of it and the workspace and channel the message was posted in. Slack
 * returns the value verbatim inside a request it signs, but the value itself is ours to
 * protect: with the mac, a value from another channel, an older key, or one edited to
 * another command or page does not verify, and the click gets a polite note instead.
 */
export const PAGE_ACTION_PREFIX = 'paperboy_page_';
/** Slack's limit for a button value. */
export const BUTTON_VALUE_MAX = 2000;

const pageState = z.object({
  c: z.string().min(1).max(BUTTON_VALUE_MAX),
  p: z.number().int().min(1),
  u: z.string().min(1).max(64),
  m: z.string().length(MAC_LENGTH),
});
export type PageState = { command: string; page: number; userId: string };
export type SealedPageState = PageState & { mac: string };

/** Where the message with the buttons lives. */
export interface PageBinding {
  teamId: string;
  channelId: string;
}

const macParts = (binding: PageBinding, s: PageState) =>
  ['slack-page', binding.teamId, binding.channelId, s.userId, s.page, s.command] as const;

export const sealPageState = (key: Uint8Array, binding: PageBinding, state: PageState): string =>
  signParts(key, macParts(binding, state));

export const verifyPageState = (key: Uint8Array, binding: PageBinding, state: SealedPageState): boolean =>
  verifyParts(key, macParts(binding, state), state.mac);

/** undefined when the state would not fit in a button value (the reply then shows no buttons). */
export function encodePageState(state: PageState, mac: string): string | undefined {
  const value = JSON.stringify({ c: state.command, p: state.page, u: state.userId, m: mac });
  return value.length <= BUTTON_VALUE_MAX ? value : undefined;
}

/** undefined for anything that is not shaped like a value we wrote (an old or foreign button). */
export function decodePageState(value: string | undefined): SealedPageState | undefined {
  if (!value || value.length > BUTTON_VALUE_MAX) return undefined;
  try {
    const parsed = pageState.safeParse(JSON.parse(value));
    return parsed.success
      ? { command: parsed.data.c, page: parsed.data.p, userId: parsed.data.u, mac: parsed.data.m }
      : undefined;
  } catch {
    return undefined;
  }
}
