import { describe, expect, it } from 'vitest';
import { renderReply as discordRender } from '../../adapters/discord/render.js';
import { renderReply as slackRender } from '../../adapters/slack/render.js';
import { plain, renderReply as terminalRender } from '../../adapters/terminal/render.js';
import { displayDate } from '../../src/papers/days.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { person, sampleBot } from './helpers.js';

describe('/papers paper <id>', async () => {
  const source = new SampleSource();
  const papers = [
    ...new Map(
      (await Promise.all(source.dates.map((d) => source.day(d)))).flatMap((f) => f.value).map((p) => [p.id, p]),
    ).values(),
  ];

  it(`every one of the ${papers.length} bundled papers: its title once on every platform, and its arXiv date`, async () => {
    const { bot } = sampleBot({ papers: source });
    for (const p of papers) {
      const r = await bot.handle({ caller: person(), text: `paper ${p.id}` });
      expect(r.error, p.id).toBeUndefined();
      expect(r.title).toBe(`Paper ${p.id}`);
      // The title as a heading: once, as the card's, never also as the reply's.
      const terminal = terminalRender(r, plain).split('\n');
      expect(terminal[0]).toBe(`Paper ${p.id}`);
      expect(
        terminal.filter((l) => l === p.title || l.endsWith(`. ${p.title}`)),
        p.id,
      ).toEqual([p.title]);
      const [message] = discordRender(r);
      expect(message!.content!.split('\n')[0]).toBe(`**Paper ${p.id}**`);
      // The card, titled with the paper (markdown-escaped); a links embed (Discussion, linked repos) may follow, untitled by it.
      expect(message!.embeds![0]!.title).toBeTruthy();
      expect(message!.embeds!.slice(1).every((e) => e.title !== message!.embeds![0]!.title)).toBe(true);
      expect(message!.embeds![0]!.title).not.toMatch(/^\d+\. /);
      const slack = slackRender(r)[0]!.blocks as { type: string; text?: { text: string } }[];
      expect(slack[0]).toMatchObject({ type: 'header', text: { text: `Paper ${p.id}` } });
      expect(slack.filter((b) => b.type === 'header')).toHaveLength(1);
      const arxivDay = p.publishedAt.slice(0, 10);
      expect(r.lines![0]).toBe(`Published on arXiv ${displayDate(arxivDay)} · on Daily Papers ${displayDate(p.day!)}`);
    }
  });

  it('the same for every way of naming the paper', async () => {
    const { bot } = sampleBot({ papers: source });
    for (const ref of [
      '2608.19880',
      '2608.19880v3',
      'arXiv:2608.19880',
      'https://arxiv.org/abs/2608.19880v1',
      'https://arxiv.org/pdf/2608.19880',
      'https://huggingface.co/papers/2608.19880',
    ]) {
      const r = await bot.handle({ caller: person(), text: `paper ${ref}` });
      expect(r.title, ref).toBe('Paper 2608.19880');
      expect(r.lines![0]).toBe('Published on arXiv Thu 20 Aug 2026 · on Daily Papers Fri 21 Aug 2026');
      expect(r.cards![0]!.rank).toBeUndefined();
    }
  });

  it('without a usable arXiv date, says what it knows', async () => {
    const odd = papers[0]!;
    const { bot } = sampleBot({
      papers: Object.assign(Object.create(source) as SampleSource, {
        paper: async () => ({ value: { ...odd, publishedAt: 'soon' }, fetchedAt: 0 }),
      }),
    });
    const r = await bot.handle({ caller: person(), text: `paper ${odd.id}` });
    expect(r.lines![0]).toBe(`On Daily Papers ${displayDate(odd.day!)}`);
  });
});
