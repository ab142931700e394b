import type { PaperCard, Reply } from '../../src/reply.js';
import { count } from '../../src/count.js';

/**
 * Reply → readable terminal text. Colour only when writing to a TTY, so piped output
 * (and `--exec` in scripts) stays plain. Outside text is stripped of control
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

function card(c: PaperCard, style: Style): string[] {
  // The same facts Discord and Slack show: upvotes, comments, who, where from.
  const comments = c.numComments ? count(c.numComments, 'comment') : undefined;
  const facts = [`▲ ${c.upvotes}`, comments, c.authors, c.organization].filter(Boolean).map((s) => clean(String(s)));
  const rank = c.rank !== undefined ? `${c.rank}. ` : '';
  const lines = [`${style.bold(`${rank}${clean(c.title)}`)}`, `   ${style.dim(facts.join(' · '))}`];
  if (c.why) lines.push(`   ${style.accent(clean(c.why))}`);
  lines.push(`   ${clean(c.blurb)}`);
  const links = [c.hfUrl, c.arxivUrl];
  if (c.github) links.push(`${c.github.url}${c.github.stars !== undefined ? ` ★ ${c.github.stars}` : ''}`);
  if (c.projectPage) links.push(c.projectPage);
  lines.push(`   ${style.dim(links.map(clean).join('  '))}`);
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

export function renderReply(reply: Reply, style: Style): string {
  const out: string[] = [];
  out.push(reply.error ? style.error(errorLine(reply.error)) : style.bold(clean(reply.title)));
  for (const line of reply.lines ?? []) out.push(clean(line));
  for (const notice of reply.notices ?? []) out.push(style.warn(`! ${clean(notice)}`));
  for (const c of reply.cards ?? []) out.push('', ...card(c, style));
  const p = reply.paging;
  if (p && p.pages > 1) {
    const next = p.page < p.pages ? ` — next: /papers ${clean(p.command)} page=${p.page + 1}` : '';
    out.push('', style.dim(`Page ${p.page} of ${p.pages} (${count(p.total, 'paper')})${next}`));
  }
  return out.join('\n') + '\n';
}
