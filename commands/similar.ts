import { z } from 'zod';
import { defineCommand, intArg } from '../src/command.js';
import { PaperboyError } from '../src/errors.js';
import { parsePaperRef, paperRefArg } from '../src/paper-ref.js';
import { toCard } from '../src/papers/cards.js';
import { warmSearchIndex } from '../src/search/index.js';
import { similarityModel } from '../src/search/related.js';
import { rich, code } from '../src/reply.js';

/** Fewer papers than this make idf meaningless: "similar" would be noise. */
export const MIN_INDEXED = 50;
/** Cosine below this is a shared common word or two, not related work. */
export const MIN_SIMILARITY = 0.05;

export const similar = defineCommand({
  name: 'similar',
  summary: 'Papers most like one paper, from everything Paperboy has seen, and what they share',
  examples: ['similar 2608.19880', 'similar https://huggingface.co/papers/2608.20335 top=5'],
  positional: 'id',
  args: z.object({
    id: paperRefArg(),
    top: intArg('How many related papers to show', 1, 10).default(10),
  }),
  scope: 'personal',
  async run(ctx) {
    const { papers, search: index, now, logger } = ctx.services;
    const id = parsePaperRef(ctx.args.id);
    if (!id) {
      throw new PaperboyError(
        'bad_input',
        rich`"${ctx.args.id.slice(0, 80)}" is not an arXiv id or paper link. Try ${code('/papers similar 2608.19880')} or paste an arxiv.org or huggingface.co/papers URL.`,
      );
    }
    if (!index) throw new PaperboyError('bad_input', 'Related work needs the search index, which is off here.');
    // Recent weeks give the comparison something to work with (cached after the first time).
    if (index.size < MIN_INDEXED) await warmSearchIndex(papers, index, { now: now(), logger });
    const paper = index.get(id) ?? (await papers.paper(id)).value;
    if (!paper) {
      throw new PaperboyError(
        'not_found',
        rich`Hugging Face doesn't know paper ${id}. Check the id, or search with ${code('/papers search <words>')}.`,
      );
    }
    if (!index.has(id)) index.addPapers([paper]);
    const model = similarityModel(index);
    if (model.size < MIN_INDEXED) {
      throw new PaperboyError(
        'not_found',
        rich`Paperboy has seen only ${model.size} papers, too few to tell what is related (it needs ${MIN_INDEXED}). Load more with ${code('/papers week')} or ${code('/papers month')}, then ask again.`,
      );
    }
    const near = model
      .nearest(model.vectorOf(paper), ctx.args.top, new Set([id]))
      .filter((n) => n.score >= MIN_SIMILARITY);
    const compared = `Compared with the ${model.size - 1} other papers Paperboy has seen (recent weeks and everything looked up since), by title, keywords and abstract.`;
    if (near.length === 0) {
      return {
        title: `Similar to · ${paper.title}`,
        lines: [`Nothing among them is close to it. ${compared}`],
        visibility: 'public',
      };
    }
    const cards = near.map((n, i) => {
      const shared = model.sharedTerms(paper, n.paper);
      return toCard(n.paper, i + 1, shared.length ? `shared: ${shared.join(', ')}` : 'shared: similar wording');
    });
    return { title: `Similar to · ${paper.title}`, lines: [compared], cards, visibility: 'public' };
  },
});
