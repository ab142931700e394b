import { z } from 'zod';
import { defineCommand } from '../src/command.js';
import { paperNotFound } from '../src/coverage.js';
import { PaperboyError } from '../src/errors.js';
import { excerpt } from '../src/input.js';
import { staleNotice } from '../src/list-reply.js';
import { parsePaperRef, paperRefArg } from '../src/paper-ref.js';
import { toCard } from '../src/papers/cards.js';
import { paperPageLinks } from '../src/paper-page.js';
import { displayDate, parseDate } from '../src/papers/days.js';
import type { Paper } from '../src/papers/paper.js';
import { rich, code } from '../src/reply.js';

const ABSTRACT_MAX = 1500;

/** "Published on arXiv Thu 20 Aug 2026 · on Daily Papers Fri 21 Aug 2026", from what is known. */
function datesLine(paper: Paper): string | undefined {
  const published = paper.publishedAt.slice(0, 10);
  const parts = [
    parseDate(published) ? `Published on arXiv ${displayDate(published)}` : undefined,
    paper.day ? `on Daily Papers ${displayDate(paper.day)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  if (parts.length === 0) return undefined;
  const line = parts.join(' · ');
  return line[0]!.toUpperCase() + line.slice(1);
}

export const paper = defineCommand({
  name: 'paper',
  summary: "One paper's details, by arXiv id or an arxiv.org / huggingface.co link",
  examples: [
    'paper 2608.19880',
    'paper https://arxiv.org/abs/2608.19880v2',
    'paper https://huggingface.co/papers/2608.19880',
  ],
  positional: 'id',
  args: z.object({
    id: paperRefArg(),
  }),
  scope: 'personal',
  async run(ctx) {
    const id = parsePaperRef(ctx.args.id);
    if (!id) {
      throw new PaperboyError(
        'bad_input',
        rich`"${excerpt(ctx.args.id, 60)}" is not an arXiv id or paper link. Try ${code('/papers paper 2608.19880')} or paste an arxiv.org or huggingface.co/papers URL.`,
      );
    }
    const fetched = await ctx.services.papers.paper(id);
    const found = fetched.value;
    if (!found) throw paperNotFound(ctx.services.papers, id);
    // The title is the card's (shown once); the reply's own title says which paper this is.
    const card = toCard(found, undefined);
    const abstract =
      found.summary.length > ABSTRACT_MAX ? `${found.summary.slice(0, ABSTRACT_MAX - 1)}…` : found.summary;
    const lines = [datesLine(found), abstract].filter((l): l is string => Boolean(l));
    if (found.aiKeywords?.length) lines.push(`Keywords: ${found.aiKeywords.join(', ')}`);
    if (found.authors.length > 3) lines.push(`Authors: ${found.authors.join(', ')}`);
    const page = paperPageLinks(found);
    lines.push(...page.lines);
    const notices = staleNotice(fetched);
    return {
      title: `Paper ${found.id}`,
      cards: [card],
      lines,
      ...(page.groups.length ? { linkGroups: page.groups } : {}),
      ...(notices.length ? { notices } : {}),
      visibility: 'public',
    };
  },
});
