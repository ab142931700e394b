import type { Caller } from './caller.js';

/**
 * How to write a command for the person who asked, on their platform, for the place
 * they mean: `/papers digest off`, `/papers digest off here`, or — where the platform
 * keeps channel settings in a command of their own (Discord) — `/papers-channel digest off`.
 * Every hint a reply gives goes through here, so following it never changes another place.
 */
export function commandFor(caller: Caller, text: string, forChannel: boolean): string {
  if (!forChannel) return `/papers ${text}`;
  return caller.channelCommand ? `${caller.channelCommand} ${text}` : `/papers ${text} here`;
}
