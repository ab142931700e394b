import type { Reply } from '../reply.js';
import { toBibtex } from './bibtex.js';
import { citationKey } from './keys.js';
import type { CitablePaper } from './paper.js';
import { toRis } from './ris.js';

/** Up to this, an export is shown inline; longer ones come as a file. */
export const INLINE_MAX = { entries: 3, chars: 1500 };

export const EXPORT_FORMATS = {
  bibtex: { label: 'BibTeX', ext: 'bib', contentType: 'application/x-bibtex; charset=utf-8' },
  ris: { label: 'RIS', ext: 'ris', contentType: 'application/x-research-info-systems; charset=utf-8' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

/**
 * Citations as a reply (`cite`, `saved export=`): a short export inline as a code block,
 * a longer one as a file attachment (Discord attachment, Slack upload, terminal stdout).
 */
export function exportReply(
  papers: CitablePaper[],
  format: ExportFormat,
  options: { notices?: string[]; title?: string; filename?: string } = {},
): Reply {
  const f = EXPORT_FORMATS[format];
  const { text, keys } = format === 'bibtex' ? toBibtex(papers) : { text: toRis(papers), keys: [] as string[] };
  const n = papers.length;
  const lines =
    format === 'bibtex'
      ? [`Citation key${n === 1 ? '' : 's'}: ${keys.slice(0, 10).join(', ')}${n > 10 ? ` and ${n - 10} more` : ''}`]
      : ['Import it in Zotero, Mendeley or EndNote (File → Import).'];
  const inline = n <= INLINE_MAX.entries && text.length <= INLINE_MAX.chars;
  const name = options.filename ?? (n === 1 ? (keys[0] ?? citationKey(papers[0]!)) : `paperboy-${n}-papers`);
  const notices = options.notices ?? [];
  return {
    title: options.title ?? (n === 1 ? `Citation · ${f.label}` : `Citations · ${n} papers · ${f.label}`),
    lines,
    ...(inline
      ? { code: { text, ...(format === 'bibtex' ? { language: 'bibtex' } : {}) } }
      : { attachment: { filename: `${name}.${f.ext}`, contentType: f.contentType, text } }),
    ...(notices.length ? { notices } : {}),
    visibility: 'private',
  };
}
