import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { PaperboyError } from '../src/errors.js';
import { staleNotice } from '../src/list-reply.js';
import { parsePaperRef } from '../src/paper-ref.js';
import { toCard } from '../src/papers/cards.js';
import { paperPageLinks } from '../src/paper-page.js';
import { displayDate } from '../src/papers/days.js';

const ABSTRACT_MAX = 1500;

export const paper = defineCommand({
  name: 'paper',
  summary: "One paper's details, by arXiv id or an arxiv.org / huggingface.co link",
  usage: 'paper <arXiv id or URL>',
  examples: [
    'paper 2608.19880',
    'paper https://arxiv.org/abs/2608.19880v2',
    'paper https://huggingface.co/papers/2608.19880',
  ],
  positional: 'id',
  args: z.object({
    id: z
      .string()
      .trim()
      .min(1, { error: 'needs an arXiv id such as 2608.19880, or a link to the paper' })
      .max(300, { error: 'is too long to be an arXiv id or a paper link' })
      .describe('arXiv id (2608.19880) or an arxiv.org / huggingface.co/papers link'),
  }),
  scope: 'personal',
  async run(ctx) {
    const id = parsePaperRef(ctx.args.id);
    if (!id) {
      throw new PaperboyError(
        'bad_input',
        `"${ctx.args.id.slice(0, 80)}" is not an arXiv id or paper link. Try \`/papers paper 2608.19880\` or paste an arxiv.org or huggingface.co/papers URL.`,
      );
    }
    const fetched = await ctx.services.papers.paper(id);
    const found = fetched.value;
    if (!found) {
      throw new PaperboyError(
        'not_found',
        `Hugging Face doesn't know paper ${id}. Check the id, or search with \`/papers search <words>\`.`,
      );
    }
    const card = toCard(found, 1);
    const abstract =
      found.summary.length > ABSTRACT_MAX ? `${found.summary.slice(0, ABSTRACT_MAX - 1)}…` : found.summary;
    const lines = [abstract];
    if (found.aiKeywords?.length) lines.push(`Keywords: ${found.aiKeywords.join(', ')}`);
    if (found.authors.length > 3) lines.push(`Authors: ${found.authors.join(', ')}`);
    if (found.day) lines.push(`On Daily Papers: ${displayDate(found.day)}`);
    const page = paperPageLinks(found);
    lines.push(...page.lines);
    const notices = staleNotice(fetched);
    return {
      title: found.title,
      cards: [card],
      lines,
      ...(page.groups.length ? { linkGroups: page.groups } : {}),
      ...(notices.length ? { notices } : {}),
      visibility: 'public',
    };
  },
});
