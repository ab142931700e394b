import { testApp } from './helpers.js';
import { describe, expect, it } from 'vitest';
import { MIN_INDEXED } from '../../commands/similar.js';
import { terminalCaller } from '../../adapters/terminal/index.js';
import { MemoryLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import type { PaperSource } from '../../src/papers/source.js';
import { PaperSearchIndex } from '../../src/search/index.js';
import { TfIdfModel } from '../../src/search/similarity.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { fixedSource, fixturePapers } from '../slack/harness.js';

/** `/papers similar` over the search index, as the composition root wires it. */
function bot(source: PaperSource = new SampleSource()) {
  const search = new PaperSearchIndex();
  const app = testApp({
    papers: source,
    store: new MemoryStore(),
    logger: new MemoryLogger(),
    now: () => new Date('2026-08-21T12:00:00Z'),
    search,
  });
  return { bot: app.bot, search };
}
const ask = (b: ReturnType<typeof bot>, text: string) => b.bot.handle({ caller: terminalCaller(), text });

describe('/papers similar', () => {
  it('loads recent weeks when the index is small, and lists the closest papers with what they share', async () => {
    const b = bot();
    const r = await ask(b, 'similar 2608.20335 top=5');
    expect(b.search.size).toBeGreaterThan(MIN_INDEXED);
    expect(r.title).toBe('Similar to · 4DAnyone: Create Anyone in 4D from a Casual Monocular Video');
    expect(r.cards).toHaveLength(5);
    expect(r.cards!.map((c) => c.id)).not.toContain('2608.20335');
    for (const c of r.cards!) expect(c.why).toMatch(/^shared: \S/);
    // In the order of the model's own cosine similarity.
    const model = TfIdfModel.build([...b.search.papers()]);
    const target = b.search.get('2608.20335')!;
    const expected = model.nearest(model.vectorOf(target), 5, new Set([target.id])).map((n) => n.paper.id);
    expect(r.cards!.map((c) => c.id)).toEqual(expected);
    expect(r.lines![0]).toMatch(/^Compared with the \d+ other papers/);
  });

  it('names shared terms that both papers really contain', async () => {
    const b = bot();
    const r = await ask(b, 'similar https://arxiv.org/abs/2608.19880v1');
    const target = b.search.get('2608.19880')!;
    const text = (p: Paper) =>
      `${p.title} ${(p.aiKeywords ?? []).join(' ')} ${p.summary}`.toLowerCase().replace(/-/g, ' ');
    for (const card of r.cards!) {
      const terms = card.why!.replace(/^shared: /, '').split(', ');
      if (terms[0] === 'similar wording') continue;
      const other = b.search.get(card.id)!;
      for (const t of terms) {
        const stem = t.split(' ').map((w) => w.replace(/s$/, ''));
        for (const w of stem) {
          expect(text(target)).toContain(w);
          expect(text(other)).toContain(w);
        }
      }
    }
  });

  it.each([
    ['similar', /`similar` needs an id/],
    ['similar hello', /"hello" is not an arXiv id or paper link/],
    ['similar 2608.19880 top=11', /top= must be at most 10/],
  ])('answers `%s` with what would work', async (text, message) => {
    const r = await ask(bot(), text);
    expect(r.error?.code).toBe('bad_input');
    expect(r.error?.message).toMatch(message);
  });

  it('says when Hugging Face does not know the paper', async () => {
    const r = await ask(bot(), 'similar 2601.00001');
    expect(r.error?.code).toBe('not_found');
    expect(r.error?.message).toMatch(/doesn't know paper 2601\.00001/);
  });

  it('says when the index has too few papers to compare with', async () => {
    const few = fixturePapers().slice(0, 12);
    const r = await ask(bot(fixedSource(few)), `similar ${few[0]!.id}`);
    expect(r.error?.code).toBe('not_found');
    expect(r.error?.message).toMatch(/seen only 12 papers, too few .* needs 50/);
    expect(r.error?.message).toMatch(/\/papers week/);
  });

  it('says when nothing is close, instead of listing noise', async () => {
    const odd: Paper = {
      id: '2608.99999',
      title: 'Zyxquor Vlembeth Prandicular',
      summary: 'Qwertification of florbish kramulents.',
      authors: ['Nobody Known'],
      upvotes: 0,
      publishedAt: '2026-08-20T00:00:00Z',
    };
    const list = [...fixturePapers('2026-05-13'), ...fixturePapers('2025-10-03'), odd];
    const source = {
      ...fixedSource(list),
      paper: async (id: string) => ({ value: list.find((p) => p.id === id), fetchedAt: 0 }),
    };
    const r = await ask(bot(source), 'similar 2608.99999');
    expect(r.error).toBeUndefined();
    expect(r.cards).toBeUndefined();
    expect(r.lines![0]).toMatch(/^Nothing among them is close to it/);
  });
});
