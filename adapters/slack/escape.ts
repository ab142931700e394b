import type { Text } from '../../src/reply.js';
import { webUrl } from '../../src/web-url.js';

/**
 * Making outside text (paper titles, authors, user input) safe for Slack.
 *
 * Slack decodes only `&amp;`, `&lt;` and `&gt;`; everything between `<` and `>` is a
 * control sequence (`<!channel>`, `<@U123>`, `<https://evil|innocent>`), so escaping
 * those three characters is what stops pings and forged links. Formatting markers
 * (`*bold*`, `_italics_`, `~strike~`, `` `code` ``) in a paper title would otherwise
 * break our own bold title or restyle the card, so pure data fields also get them
 * swapped for look-alike characters.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Escape the three characters Slack treats as markup (one pass; callers escape raw text once). */
export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

// "@channel", "@here", "@everyone" in plain words can be auto-parsed into broadcasts
// when a client or a future Slack default turns on name linking; a word joiner after
// the "@" keeps the text readable and inert.
const BROADCAST_WORDS = /@(channel|here|everyone)\b/gi;

/** Escaped, and bare broadcast words defused. For our own sentences that quote user input. */
export function safeText(text: string): string {
  return escapeSlack(text).replace(BROADCAST_WORDS, '@\u2060$1');
}

/**
 * Reply text as mrkdwn: plain pieces as `safeText` with backticks made look-alikes (a
 * plain string is plain text, so it cannot open a code span), inline code as a code
 * span, links as `<url|label>`.
 */
export function slackText(text: Text): string {
  const words = (s: string): string => safeText(s).replace(/`/g, '\u02CB');
  if (typeof text === 'string') return words(text);
  return text.rich
    .map((p) => (typeof p === 'string' ? words(p) : 'code' in p ? `\`${words(p.code) || ' '}\`` : link(p.url, p.link)))
    .join('');
}

// Look-alikes for mrkdwn markers; bidi overrides and isolates (which can make a title
// render backwards or hide where a URL really ends) are dropped.
const DATA_SWAPS: Record<string, string> = { '*': '\u2217', '~': '\u223C', '`': '\u02CB' }; // ∗ ∼ ˋ
const DATA_CHARS = /[*~`\u202A-\u202E\u2066-\u2069]/g;

/**
 * For pure data (titles, authors, blurbs, topic explanations) placed in mrkdwn: escaped,
 * broadcasts defused, and formatting markers replaced with look-alikes so a title such
 * as `*Attention* is _all_ you need` cannot restyle the card or close our bold.
 */
export function safeData(text: string): string {
  return (
    safeText(text)
      .replace(DATA_CHARS, (c) => DATA_SWAPS[c] ?? '')
      // Only a word-initial underscore can open italics; snake_case stays as it is.
      .replace(/(^|[^\p{L}\p{N}_])_/gu, '$1\u02CD')
  ); // ˍ modifier low macron
}

/**
 * A URL we may put inside `<url|label>`: only http(s), and without the characters that
 * would end the link early or smuggle a label. Returns undefined when unusable.
 */
export function safeUrl(raw: string | undefined): string | undefined {
  const url = webUrl(raw);
  if (!url) return undefined;
  const href = url.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return href.length <= 3000 ? href : undefined;
}

/** `<url|label>` with the label made safe, or just the safe label when the URL is not usable. */
export function link(url: string | undefined, label: string, labelIsData = true): string {
  const safeLabel = labelIsData ? safeData(label) : safeText(label);
  const href = safeUrl(url);
  return href ? `<${href}|${safeLabel}>` : safeLabel;
}

/**
 * Cut already-escaped text to `max` characters without splitting an entity such as
 * `&amp;` or a `<url|label>` sequence, ending with an ellipsis.
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  const open = cut.lastIndexOf('<');
  if (open >= 0 && !cut.slice(open).includes('>')) cut = cut.slice(0, open);
  return `${cut.trimEnd()}…`;
}

/** Cut plain (unescaped) text; escape afterwards. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
