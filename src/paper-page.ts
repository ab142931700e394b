import { hfPaperUrl, type LinkedRepo, type Paper } from './papers/paper.js';
import type { LinkGroup } from './reply.js';

/**
 * The paper page's extras, from what /api/papers/{id} adds: the models, datasets and
 * Spaces that link to the paper (counts and the first few), and the discussion. Only
 * what Hugging Face sent is shown; all-zero counts say so in one line.
 */
export const LINKS_SHOWN = 3;

const KINDS = [
  { key: 'models', label: 'Models', path: '' },
  { key: 'datasets', label: 'Datasets', path: 'datasets/' },
  { key: 'spaces', label: 'Spaces', path: 'spaces/' },
] as const;

const repoLink = (path: string) => (r: LinkedRepo) => ({ text: r.id, url: `https://huggingface.co/${path}${r.id}` });

export function paperPageLinks(paper: Paper): { groups: LinkGroup[]; lines: string[] } {
  const groups: LinkGroup[] = [];
  const lines: string[] = [];
  const links = paper.links;
  if (links) {
    for (const kind of KINDS) {
      const total = links.totals[kind.key];
      if (total === 0) continue;
      const shown = links[kind.key].slice(0, LINKS_SHOWN).map(repoLink(kind.path));
      groups.push({
        label: `${kind.label} (${total})`,
        links: shown,
        ...(total > shown.length ? { more: total - shown.length } : {}),
      });
    }
    if (groups.length === 0) lines.push('No models, datasets or Spaces on Hugging Face link to it yet.');
  }
  if (paper.numComments !== undefined) {
    const n = paper.numComments;
    groups.push({
      label: 'Discussion',
      links: [
        {
          text: n === 0 ? 'No comments yet' : `${n} comment${n === 1 ? '' : 's'}`,
          url: `${hfPaperUrl(paper.id)}#community`,
        },
      ],
    });
  }
  return { groups, lines };
}
