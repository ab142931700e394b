import { citationYear } from './keys.js';
import { cleanText, splitName } from './names.js';
import type { CitablePaper } from './paper.js';

/**
 * RIS for Zotero, Mendeley and EndNote: one `TAG  - value` line per field, CRLF line
 * ends (as the RIS spec has them), each record closed by `ER  - `. A preprint is
 * `TY  - UNPB` (unpublished work); the arXiv id goes in AN, the arXiv DOI in DO, so
 * importers can match the paper when it is published later.
 */
const line = (tag: string, value: string): string => `${tag}  - ${cleanText(value)}`;

export function risName(raw: string): string {
  const n = splitName(raw);
  if (n.literal || !n.given) return n.family;
  return [n.family, n.given, n.suffix].filter(Boolean).join(', ');
}

const risDate = (iso: string): string | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
};

export function risRecord(paper: CitablePaper): string {
  const lines = [line('TY', 'UNPB'), line('TI', paper.title)];
  for (const author of paper.authors.map(cleanText).filter(Boolean)) lines.push(line('AU', risName(author)));
  lines.push(line('PY', citationYear(paper.id, paper.publishedAt)));
  const date = risDate(paper.publishedAt);
  if (date) lines.push(line('DA', date));
  if (paper.summary?.trim()) lines.push(line('AB', paper.summary));
  for (const k of paper.aiKeywords ?? []) if (k.trim()) lines.push(line('KW', k));
  lines.push(
    line('UR', `https://arxiv.org/abs/${paper.id}`),
    line('DO', `10.48550/arXiv.${paper.id}`),
    line('DB', 'arXiv'),
    line('AN', `arXiv:${paper.id}${paper.primaryClass ? ` [${paper.primaryClass}]` : ''}`),
    'ER  - ',
  );
  return lines.join('\r\n');
}

export function toRis(papers: readonly CitablePaper[]): string {
  const unique = [...new Map(papers.map((p) => [p.id, p])).values()];
  return `${unique.map(risRecord).join('\r\n\r\n')}\r\n`;
}
