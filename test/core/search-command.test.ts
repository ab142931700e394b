import { describe, expect, it } from 'vitest';
import { PaperboyError } from '../../src/errors.js';
import { SampleSource } from '../../src/papers/sample-source.js';
import { person, sampleBot } from './helpers.js';

class FlakySearch extends SampleSource {
  down = false;
  override async search(query: string) {
    if (this.down) throw new PaperboyError('upstream_unavailable', "Hugging Face isn't answering right now.");
    return super.search(query);
  }
}

describe('/papers search', () => {
  it('ranks title hits above abstract-only hits (BM25 with field boosts)', async () => {
    const { bot } = sampleBot();
    const r = await bot.handle({ caller: person(), text: 'search diffusion video' });
    const top = r.cards!.slice(0, 3).map((c) => c.title.toLowerCase());
    for (const title of top) expect(title).toMatch(/diffusion|video/);
    // the sample's own search orders by upvotes; the ranked order is different
    const byUpvotes = (await new SampleSource().search('diffusion video')).value.map((p) => p.id);
    expect(r.cards!.map((c) => c.id)).not.toEqual(byUpvotes.slice(0, r.cards!.length));
    expect(new Set(r.cards!.map((c) => c.id)).size).toBe(r.cards!.length);
  });

  it('sort=top still orders by upvotes when asked', async () => {
    const { bot } = sampleBot();
    const r = await bot.handle({ caller: person(), text: 'search agent sort=top' });
    const ups = r.cards!.map((c) => c.upvotes);
    expect(ups).toEqual([...ups].sort((a, b) => b - a));
  });

  it('answers from the index, saying so, when Hugging Face search is down', async () => {
    const source = new FlakySearch();
    const { bot } = sampleBot({ papers: source });
    await bot.handle({ caller: person(), text: 'week 2026-W34' }); // papers seen recently
    source.down = true;
    const r = await bot.handle({ caller: person(), text: 'search EnvHarness' });
    expect(r.error).toBeUndefined();
    expect(r.cards![0]!.id).toBe('2608.19880');
    expect(r.notices![0]).toMatch(
      /^Hugging Face search isn't answering, so these come from the \d+ papers Paperboy has seen recently\.$/,
    );
  });

  it('passes the outage on when nothing has been seen yet', async () => {
    const source = new FlakySearch();
    source.down = true;
    const { bot } = sampleBot({ papers: source });
    const r = await bot.handle({ caller: person(), text: 'search EnvHarness' });
    expect(r.error?.code).toBe('upstream_unavailable');
  });
});
