import { z } from 'zod';
import { defineCommand, type Services } from '../src/command.js';
import { exportReply, INLINE_MAX } from '../src/cite/export.js';
import { PaperboyError } from '../src/errors.js';
import { parsePaperRef } from '../src/paper-ref.js';
import type { Paper } from '../src/papers/paper.js';
import { code, rich } from '../src/reply.js';

/** Each id may cost one Hugging Face request: a bound on work and on the budget. */
export const MAX_CITE_IDS = 25;
const FETCH_CONCURRENCY = 4;
export { INLINE_MAX };

function parseRefs(text: string): string[] {
  const words = text.split(/[\s,;]+/).filter(Boolean);
  const bad = words.filter((w) => !parsePaperRef(w));
  if (bad.length) {
    const shown = bad.slice(0, 3).map((w) => `"${w.slice(0, 60)}"`);
    throw new PaperboyError(
      'bad_input',
      rich`${shown.join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''} ${bad.length === 1 ? 'is not an arXiv id or paper link' : 'are not arXiv ids or paper links'}. Try ${code('/papers cite 2608.19880 2608.18580')} (ids or arxiv.org / huggingface.co links, separated by spaces).`,
    );
  }
  const ids = [...new Set(words.map((w) => parsePaperRef(w)!))];
  if (ids.length > MAX_CITE_IDS) {
    throw new PaperboyError(
      'bad_input',
      rich`That is ${ids.length} papers; ${code('cite')} takes at most ${MAX_CITE_IDS} at a time. Split them over a few commands.`,
    );
  }
  return ids;
}

/** Papers already seen come from the search index; the rest from Hugging Face, a few at a time. */
async function resolve(services: Services, ids: string[]): Promise<(Paper | undefined)[]> {
  const out: (Paper | undefined)[] = new Array(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      out[i] = services.search?.get(ids[i]!) ?? (await services.papers.paper(ids[i]!)).value;
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, ids.length) }, worker));
  return out;
}

export const cite = defineCommand({
  name: 'cite',
  summary: 'BibTeX or RIS for one or more papers (ids or links), as text or a file',
  examples: [
    'cite 2608.19880',
    'cite 2608.19880 2608.18580 format=ris',
    'cite 2608.19880 2608.18580 2608.20335 2608.19799',
  ],
  positional: 'id',
  args: z.object({
    id: z
      .string()
      .trim()
      .min(1, { error: 'needs at least one arXiv id or paper link' })
      .max(2000, { error: `is too long: give at most ${MAX_CITE_IDS} ids or links` })
      .describe('arXiv ids or arxiv.org / huggingface.co links, separated by spaces')
      .meta({ usage: '<id or link> [<id> …]' }),
    format: z
      .enum(['bibtex', 'ris'], { error: 'must be "bibtex" (LaTeX) or "ris" (Zotero, Mendeley, EndNote)' })
      .default('bibtex')
      .describe('bibtex for LaTeX, ris for Zotero, Mendeley or EndNote'),
  }),
  scope: 'personal',
  answers: 'private',
  async run(ctx) {
    const ids = parseRefs(ctx.args.id);
    const found = await resolve(ctx.services, ids);
    const papers = found.filter((p): p is Paper => p !== undefined);
    const unknown = ids.filter((_, i) => !found[i]);
    if (papers.length === 0) {
      throw new PaperboyError(
        'not_found',
        rich`Hugging Face doesn't know ${unknown.length === 1 ? `paper ${unknown[0]}` : `any of ${unknown.join(', ')}`}. Check the ids, or find papers with ${code('/papers search <words>')}.`,
      );
    }
    const notices = unknown.length
      ? [`Left out, unknown to Hugging Face: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' …' : ''}.`]
      : [];
    return exportReply(papers, ctx.args.format, { notices });
  },
});
