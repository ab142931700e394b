import { plainText, type PaperCard, type Reply } from '../../src/reply.js';
import wrapAnsi from 'wrap-ansi';
import { count } from '../../src/count.js';

/**
 * Reply → readable terminal text. Colour only when writing to a TTY and NO_COLOR is not
 * set, so piped output (and `--exec` in scripts) stays plain. Outside text is stripped of control
 * characters so a paper title cannot move the cursor or recolour the terminal.
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  accent(s: string): string;
  warn(s: string): string;
  error(s: string): string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const colours: Style = { bold: ansi(1), dim: ansi(2), accent: ansi(36), warn: ansi(33), error: ansi(31) };
export const plain: Style = { bold: (s) => s, dim: (s) => s, accent: (s) => s, warn: (s) => s, error: (s) => s };

// C0/C1 control characters except newline and tab: escape sequences from outside text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
export const clean = (s: string): string => s.replace(CONTROL, '');

/**
 * One logical line, wrapped to `width` columns (undefined: not wrapped, for pipes and
 * scripts) by wrap-ansi, which measures with string-width (wide characters, emoji and
 * colour codes count as they show) and breaks only at spaces, so a URL is never split.
 * `indent` opens the first line, `hang` the ones it wraps onto.
 */
function wrapped(text: string, width: number | undefined, indent = '', hang = indent): string {
  if (width === undefined) return indent + text;
  const room = Math.max(MIN_WIDTH, width - hang.length);
  return wrapAnsi(text, room, { hard: false, trim: true })
    .split('\n')
    .map((l, i) => (i === 0 ? indent : hang) + l)
    .join('\n');
}

const MIN_WIDTH = 20;
const CARD_INDENT = '   ';

function card(c: PaperCard, style: Style, width: number | undefined): string[] {
  // Where wrapping, a no-break space keeps "▲ 12" and "★ 8" with their number.
  const keep = width === undefined ? ' ' : '\u00a0';
  // The same facts Discord and Slack show: upvotes, comments, who, where from.
  const comments = c.numComments ? count(c.numComments, 'comment').replace(' ', keep) : undefined;
  const facts = [`▲${keep}${c.upvotes}`, comments, c.authors, c.organization]
    .filter(Boolean)
    .map((s) => clean(String(s)));
  const rank = c.rank !== undefined ? `${c.rank}. ` : '';
  const lines = [
    wrapped(style.bold(`${rank}${clean(c.title)}`), width, '', CARD_INDENT),
    wrapped(style.dim(facts.join(' · ')), width, CARD_INDENT),
  ];
  if (c.why) lines.push(wrapped(style.accent(clean(c.why)), width, CARD_INDENT));
  lines.push(wrapped(clean(c.blurb), width, CARD_INDENT));
  const links = [c.hfUrl, c.arxivUrl];
  if (c.github) links.push(`${c.github.url}${c.github.stars !== undefined ? ` ★${keep}${c.github.stars}` : ''}`);
  if (c.projectPage) links.push(c.projectPage);
  // The terminal's Save button: the command that saves it, on the line with its links.
  if (/^\d{4}\.\d{4,5}$/.test(c.id)) links.push(`save: /papers save ${c.id}`);
  lines.push(wrapped(style.dim(links.map(clean).join('  ')), width, CARD_INDENT));
  return lines;
}

/**
 * An error is one line: the message says what went wrong and what would work (the
 * title, "That didn't work", adds nothing). When Hugging Face is out of reach, the
 * terminal can also work offline, so it says how.
 */
function errorLine(error: NonNullable<Reply['error']>): string {
  const offline =
    error.code === 'upstream_unavailable' && error.message.startsWith('Hugging Face')
      ? ' To work offline meanwhile: npm start -- --source sample'
      : '';
  return `✗ ${clean(error.message)}${offline}`;
}

/**
 * The whole reply as text. `width`: the terminal's columns to wrap to; leave it out
 * where the text goes to a pipe or a file.
 */
export function renderReply(reply: Reply, style: Style, width?: number): string {
  const out: string[] = [];
  out.push(
    reply.error
      ? wrapped(style.error(errorLine(reply.error)), width, '', '  ')
      : wrapped(style.bold(clean(reply.title)), width),
  );
  for (const line of reply.lines ?? []) {
    const text = clean(plainText(line));
    const indent = /^\s*/.exec(text)![0];
    out.push(wrapped(text.slice(indent.length), width, indent, `${indent}  `));
  }
  for (const notice of reply.notices ?? [])
    out.push(wrapped(style.warn(`! ${clean(plainText(notice))}`), width, '', '  '));
  for (const c of reply.cards ?? []) out.push('', ...card(c, style, width));
  for (const g of reply.linkGroups ?? []) {
    out.push('', wrapped(style.bold(clean(g.label)), width));
    for (const l of g.links) out.push(wrapped(`${clean(l.text)}  ${style.dim(clean(l.url))}`, width, '   ', '     '));
    if (g.more) out.push(style.dim(`   +${g.more} more`));
  }
  // Exports print as they are (no colour, no wrapping, CRLF kept as LF), so they can be copied or piped.
  if (reply.code) out.push('', clean(reply.code.text).replace(/\n+$/, ''));
  if (reply.attachment) out.push('', clean(reply.attachment.text).replace(/\n+$/, ''));
  const p = reply.paging;
  if (p && p.pages > 1) {
    const next = p.page < p.pages ? ` — next: /papers ${clean(p.command)} page=${p.page + 1}` : '';
    out.push('', wrapped(style.dim(`Page ${p.page} of ${p.pages} (${count(p.total, 'paper')})${next}`), width));
  }
  return out.join('\n') + '\n';
}
