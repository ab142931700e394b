import { citationKey, citationYear, uniqueKeys } from './keys.js';
import { escapeLatex, latexTitle } from './latex.js';
import { cleanText, splitName } from './names.js';
import type { CitablePaper } from './paper.js';

/**
 * arXiv-style BibTeX, the entry arXiv's own "Export BibTeX citation" gives:
 * `@misc` with eprint, archivePrefix = {arXiv}, primaryClass (only when known), url and
 * year; title and authors escaped for LaTeX (latex.ts), names as "von Last, Jr, First".
 */
export function bibtexName(raw: string): string {
  const n = splitName(raw);
  const esc = (s: string): string =>
    s
      .split(' ')
      .map((w) => (/^and$/i.test(w) ? `{${w}}` : escapeLatex(w)))
      .join(' ');
  if (n.literal) return `{${escapeLatex(n.family)}}`;
  const parts = [esc(n.family)];
  if (n.suffix) parts.push(esc(n.suffix));
  if (n.given) parts.push(esc(n.given));
  return parts.join(', ');
}

/** eprint and url are verbatim fields: nothing but the id's own characters may appear. */
const verbatim = (s: string): string => s.replace(/[^\w./:-]/g, '');

export function bibtexEntry(paper: CitablePaper, key: string): string {
  const fields: [string, string][] = [
    ['title', latexTitle(cleanText(paper.title))],
    ['author', paper.authors.map(cleanText).filter(Boolean).map(bibtexName).join(' and ')],
    ['year', citationYear(paper.id, paper.publishedAt)],
    ['eprint', verbatim(paper.id)],
    ['archivePrefix', 'arXiv'],
  ];
  if (paper.primaryClass) fields.push(['primaryClass', verbatim(paper.primaryClass)]);
  fields.push(['url', `https://arxiv.org/abs/${verbatim(paper.id)}`]);
  const body = fields
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `  ${k} = {${v}},`)
    .join('\n');
  return `@misc{${key},\n${body}\n}`;
}

/** Entries for `papers` (repeated ids once), keys unique within this export. */
export function toBibtex(papers: readonly CitablePaper[]): { text: string; keys: string[] } {
  const unique = [...new Map(papers.map((p) => [p.id, p])).values()];
  const keys = uniqueKeys(unique.map(citationKey));
  return { text: `${unique.map((p, i) => bibtexEntry(p, keys[i]!)).join('\n\n')}\n`, keys };
}
