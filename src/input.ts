/**
 * The edge every command passes on its way in (bot.handle), whatever the platform:
 * invisible characters are removed, and every argument is bounded before anything
 * parses it, suggests for it or echoes it. Adapters cannot forget this step because
 * they never get past it: it runs inside the one way in.
 */

/**
 * Characters that change what a word is without being seen: zero-width spaces and
 * joiners, bidi marks, embeddings and isolates, the BOM, the soft hyphen, invisible
 * operators, and the C0/C1 controls that are not whitespace (NUL, ESC, DEL, CSI…).
 * Tabs and line breaks stay: the grammar treats them as spaces.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export const stripInvisible = (text: string): string => text.replace(INVISIBLE, '');

/** Per-argument bounds, checked before any parsing or suggestion work. */
export const INPUT_LIMITS = {
  /** A whole typed line (Slack allows about 4,000 characters; Discord 6,000 per option) */
  line: 2000,
  /** The free text after the command name: topics, search words, ids, dates */
  positional: 1000,
  /** One `key=value` option: time zones, times, numbers, choices */
  option: 100,
  /** A command name (the longest is 11 characters) */
  name: 64,
  /** Options in one command (Discord's own limit per subcommand) */
  options: 25,
} as const;

/**
 * A short excerpt of untrusted text for a message: at most `max` characters (code
 * points, so no half emoji), with an ellipsis when cut. Messages quote bad input only
 * through this, so no answer grows with the size of what was sent.
 */
export function excerpt(text: string, max = 40): string {
  // Look at no more than needed: a 100 kB value costs the same as a short one.
  // (max code points fit in 2·max UTF-16 units, so more units than that means a cut.)
  const head = Array.from(text.slice(0, max * 2 + 2));
  return head.length <= max ? head.join('') : `${head.slice(0, max - 1).join('')}…`;
}
