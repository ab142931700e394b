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

/** Every bundled paper once, for ground truths computed here with regular expressions. */
async function samplePapersById() {
  const s = new SampleSource();
  const all = (await Promise.all(s.dates.map((d) => s.day(d)))).flatMap((f) => f.value);
  return [...new Map(all.map((p) => [p.id, p])).values()];
}
const textOf = (p: { title: string; summary: string; aiKeywords?: string[] }) =>
  `${p.title} ${p.summary} ${(p.aiKeywords ?? []).join(' ; ')}`;

describe('/papers search with "quoted phrases"', () => {
  // [phrase as typed, ground truth written independently of the matcher]
  const PHRASES: [string, RegExp][] = [
    ['in-context learning', /\bin[-\s]context\s+learning\b/i],
    ['reinforcement learning', /\breinforcement[-\s]learning\b/i],
    ['vision-language model', /\bvision[-\s]language\s+models?\b/i],
    ['world model', /\bworld[-\s]model\w*/i],
    ['chain of thought', /\bchain[-\s]of[-\s]thought\b/i],
  ];
  const QUOTES: [string, string][] = [
    ['"', '"'],
    ['“', '”'],
    ['„', '“'],
  ];
  const SORTS = ['', ' sort=new', ' sort=top'];

  for (const [phrase, truth] of PHRASES) {
    it(`"${phrase}": exactly the papers with the phrase, in every quoting style and order`, async () => {
      const expected = new Set((await samplePapersById()).filter((p) => truth.test(textOf(p))).map((p) => p.id));
      expect(expected.size).toBeGreaterThan(0);
      const { bot } = sampleBot();
      for (const [open, close] of QUOTES) {
        for (const sort of SORTS) {
          const typed = `search ${open}${phrase.toUpperCase()}${close}${sort}`;
          const r = await bot.handle({ caller: person(), text: typed });
          expect(r.error, typed).toBeUndefined();
          expect(r.lines ?? [], typed).toEqual([]);
          expect(r.paging?.total, typed).toBe(expected.size);
          for (const c of r.cards!) expect(expected.has(c.id), `${typed}: ${c.title}`).toBe(true);
          if (sort === ' sort=new') {
            const shown = r.cards!.map((c) => c.id);
            expect(shown.length).toBe(Math.min(10, expected.size));
          }
        }
      }
    });
  }

  it('ranks phrase hits before papers that only have the words apart', async () => {
    const { bot } = sampleBot();
    const loose = await bot.handle({ caller: person(), text: 'search in-context learning' });
    const quoted = await bot.handle({ caller: person(), text: 'search "in-context learning"' });
    const phraseIds = new Set(quoted.cards!.map((c) => c.id));
    // The unquoted search finds more, and its first hit does not even have the phrase.
    expect(loose.paging!.total).toBeGreaterThan(quoted.paging!.total);
    expect(phraseIds.has(loose.cards![0]!.id)).toBe(false);
    expect(quoted.cards![0]!.title).toMatch(/LittleLearner/);
  });

  it('a phrase beside plain words needs both; hyphen and space are the same', async () => {
    const { bot } = sampleBot();
    const both = await bot.handle({ caller: person(), text: 'search "in context learning" pretraining' });
    expect(both.cards!.map((c) => c.title)).toEqual([expect.stringMatching(/LittleLearner/)]);
    const hyphen = await bot.handle({ caller: person(), text: 'search "in-context learning"' });
    const space = await bot.handle({ caller: person(), text: 'search "in context   learning"' });
    expect(space.cards!.map((c) => c.id)).toEqual(hyphen.cards!.map((c) => c.id));
  });

  it('an unclosed quote is a phrase to the end of the line', async () => {
    const { bot } = sampleBot();
    const r = await bot.handle({ caller: person(), text: 'search "in-context learning' });
    expect(r.paging?.total).toBe(4);
  });

  it('a phrase nobody has: the papers with the words, saying so', async () => {
    const { bot } = sampleBot();
    const r = await bot.handle({ caller: person(), text: 'search "learning in-context"' });
    expect(r.notices).toContain(
      'No paper has the exact phrase "learning in-context"; these have the words in any order.',
    );
    expect(r.cards!.length).toBeGreaterThan(4);
  });

  it('nothing at all: the message quotes the query once', async () => {
    const { bot } = sampleBot();
    for (const typed of ['"zzqx qqzy"', '“zzqx qqzy”', 'zzqx qqzy']) {
      const r = await bot.handle({ caller: person(), text: `search ${typed}` });
      expect(r.lines![0]).toMatch(/^Nothing matches ["“][^"“”]+["”]\. /);
    }
  });

  it('only quotes and spaces is asked for words, not searched', async () => {
    const { bot } = sampleBot();
    for (const typed of ['""', '" "', '“”']) {
      const r = await bot.handle({ caller: person(), text: `search ${typed}` });
      expect(r.error?.code, typed).toBe('bad_input');
      expect(r.error?.message).toMatch(/Give some words to search for/);
    }
  });

  it('when Hugging Face is down, the index answers the phrase too', async () => {
    const source = new FlakySearch();
    const { bot } = sampleBot({ papers: source });
    for (const w of ['2026-W31', '2026-W32', '2026-W33', '2026-W34', '2026-W30'])
      await bot.handle({ caller: person(), text: `week ${w}` });
    source.down = true;
    const r = await bot.handle({ caller: person(), text: 'search "in-context learning" sort=new' });
    expect(r.paging?.total).toBe(4);
  });
});
