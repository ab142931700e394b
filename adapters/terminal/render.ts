import type { PaperCard, Reply } from '../../src/reply.js';

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
  const facts = [`▲ ${c.upvotes}`, c.authors, c.organization].filter(Boolean).map((s) => clean(String(s)));
  const lines = [`${style.bold(`${c.rank}. ${clean(c.title)}`)}`, `   ${style.dim(facts.join(' · '))}`];
  if (c.why) lines.push(`   ${style.accent(clean(c.why))}`);
  lines.push(`   ${clean(c.blurb)}`);
  const links = [c.hfUrl, c.arxivUrl];
  if (c.github) links.push(`${c.github.url}${c.github.stars !== undefined ? ` ★ ${c.github.stars}` : ''}`);
  if (c.projectPage) links.push(c.projectPage);
  lines.push(`   ${style.dim(links.map(clean).join('  '))}`);
  return lines;
}

export function renderReply(reply: Reply, style: Style): string {
  const out: string[] = [];
  out.push(reply.error ? style.error(`✗ ${clean(reply.title)}`) : style.bold(clean(reply.title)));
  if (reply.error) out.push(clean(reply.error.message));
  for (const line of reply.lines ?? []) out.push(clean(line));
  for (const notice of reply.notices ?? []) out.push(style.warn(`! ${clean(notice)}`));
  for (const c of reply.cards ?? []) out.push('', ...card(c, style));
  for (const g of reply.linkGroups ?? []) {
    out.push('', style.bold(clean(g.label)));
    for (const l of g.links) out.push(`   ${clean(l.text)}  ${style.dim(clean(l.url))}`);
    if (g.more) out.push(style.dim(`   +${g.more} more`));
  }
  // Exports print as they are (no colour, CRLF kept as LF), so they can be copied or piped.
  if (reply.code) out.push('', clean(reply.code.text).replace(/\n+$/, ''));
  if (reply.attachment) out.push('', clean(reply.attachment.text).replace(/\n+$/, ''));
  const p = reply.paging;
  if (p && p.pages > 1) {
    const next = p.page < p.pages ? ` — next: /papers ${clean(p.command)} page=${p.page + 1}` : '';
    out.push('', style.dim(`Page ${p.page} of ${p.pages} (${p.total} papers)${next}`));
  }
  return out.join('\n') + '\n';
}
