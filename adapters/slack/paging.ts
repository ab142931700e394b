import { z } from 'zod';

/**
 * The state a paging button carries in its `value` (Slack returns it verbatim in the
 * block_actions payload, inside a request Slack signs, so it cannot be forged by the
 * clicker). It holds the command text to re-run, the page to show and the id of the
 * person who asked, because only they may page.
 */
export const PAGE_ACTION_PREFIX = 'paperboy_page_';
/** Slack's limit for a button value. */
export const BUTTON_VALUE_MAX = 2000;

const pageState = z.object({
  c: z.string().min(1).max(BUTTON_VALUE_MAX),
  p: z.number().int().min(1),
  u: z.string().min(1),
});
export type PageState = { command: string; page: number; userId: string };

/** undefined when the state would not fit in a button value (the reply then shows no buttons). */
export function encodePageState(state: PageState): string | undefined {
  const value = JSON.stringify({ c: state.command, p: state.page, u: state.userId });
  return value.length <= BUTTON_VALUE_MAX ? value : undefined;
}

/** undefined for anything that is not a value we wrote (an old or foreign button). */
export function decodePageState(value: string | undefined): PageState | undefined {
  if (!value) return undefined;
  try {
    const parsed = pageState.safeParse(JSON.parse(value));
    return parsed.success ? { command: parsed.data.c, page: parsed.data.p, userId: parsed.data.u } : undefined;
  } catch {
    return undefined;
  }
}

/** The text to hand to bot.handle for a page: the canonical command plus `page=k`. */
export const pageCommandText = (state: PageState): string => `${state.command} page=${state.page}`;
